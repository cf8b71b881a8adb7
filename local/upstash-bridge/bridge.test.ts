import { createServer } from 'node:net';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bridge, startBridge } from './bridge.ts';
import { sha1 } from './scripts.ts';
import { randomPrefix, startTestBridge } from './test-support.ts';

let bridge: Bridge & { token: string };
beforeAll(async () => {
  bridge = await startTestBridge();
});
afterAll(() => bridge.close());

const modes = [
  { encoding: 'base64', responseEncoding: undefined, autoPipelining: true },
  { encoding: 'base64', responseEncoding: undefined, autoPipelining: false },
  { encoding: 'plain', responseEncoding: false, autoPipelining: true },
  { encoding: 'plain', responseEncoding: false, autoPipelining: false },
] as const;

describe.each(modes)('@upstash/redis via the bridge ($encoding, auto-pipelining $autoPipelining)', (mode) => {
  const client = () =>
    new Redis({
      url: bridge.url,
      token: bridge.token,
      responseEncoding: mode.responseEncoding,
      enableAutoPipelining: mode.autoPipelining,
      enableTelemetry: false,
    });

  it('round-trips strings, unicode, look-alikes of OK/PONG and JSON values', async () => {
    const redis = client();
    const p = randomPrefix('str');
    const values = ['plain', 'héllo ✓ 日本語 🚀', 'OK', 'PONG', '007', '', 'a/b c?d=e'];
    await Promise.all(values.map((v, i) => redis.set(`${p}:${i}`, v)));
    expect(await Promise.all(values.map((_, i) => redis.get(`${p}:${i}`)))).toEqual(values);
    const doc = { id: 'x', n: 42, nested: { list: [1, 'two', null], ok: true }, text: 'ünï' };
    await redis.set(`${p}:json`, doc, { ex: 60 });
    expect(await redis.get(`${p}:json`)).toEqual(doc);
    expect(await redis.get(`${p}:missing`)).toBeNull();
    expect(await redis.ttl(`${p}:json`)).toBeGreaterThan(0);
    expect(await redis.ping()).toBe('PONG');
  });

  it('handles hashes and sorted sets', async () => {
    const redis = client();
    const p = randomPrefix('hz');
    await redis.hset(`${p}:h`, { name: 'Zoë', count: 3, meta: { a: 1 } });
    expect(await redis.hincrby(`${p}:h`, 'count', 2)).toBe(5);
    expect(await redis.hgetall(`${p}:h`)).toEqual({ name: 'Zoë', count: 5, meta: { a: 1 } });
    expect(await redis.hget(`${p}:h`, 'name')).toBe('Zoë');
    await redis.zadd(
      `${p}:z`,
      { score: 2.5, member: 'b' },
      { score: 1, member: 'a' },
      { score: 10, member: 'ç' },
    );
    expect(await redis.zrange(`${p}:z`, 0, -1)).toEqual(['a', 'b', 'ç']);
    expect(await redis.zrange(`${p}:z`, 0, -1, { withScores: true })).toEqual(['a', 1, 'b', 2.5, 'ç', 10]);
    expect(await redis.zscore(`${p}:z`, 'b')).toBe(2.5);
    expect(await redis.zrange(`${p}:z`, 2, 5, { byScore: true })).toEqual(['b']);
    expect(await redis.zrem(`${p}:z`, 'a')).toBe(1);
    expect(await redis.zcard(`${p}:z`)).toBe(2);
  });

  it('runs a pipeline with an error inside: the other commands still succeed', async () => {
    const redis = client();
    const p = randomPrefix('pipe');
    await redis.set(`${p}:s`, 'text');
    const pipe = redis.pipeline();
    pipe.incr(`${p}:n`);
    pipe.hget(`${p}:s`, 'field');
    pipe.get(`${p}:s`);
    const results = await pipe.exec({ keepErrors: true });
    expect(results[0]).toMatchObject({ result: 1 });
    expect(results[1]?.error).toMatch(/^WRONGTYPE/);
    expect(results[2]).toMatchObject({ result: 'text' });
    const strict = redis.pipeline();
    strict.incr(`${p}:n`);
    strict.hget(`${p}:s`, 'field');
    await expect(strict.exec()).rejects.toThrow(/WRONGTYPE/);
    expect(await redis.get(`${p}:n`)).toBe(2);
  });

  it('runs MULTI/EXEC as one transaction, with per-command runtime errors', async () => {
    const redis = client();
    const p = randomPrefix('multi');
    const tx = redis.multi();
    tx.incr(`${p}:n`);
    tx.incrby(`${p}:n`, 10);
    tx.set(`${p}:s`, 'v');
    tx.get(`${p}:s`);
    expect(await tx.exec()).toEqual([1, 11, 'OK', 'v']);
    const failing = redis.multi();
    failing.lpush(`${p}:s`, 'x');
    failing.incr(`${p}:n`);
    const results = await failing.exec({ keepErrors: true });
    expect(results[0]?.error).toMatch(/^WRONGTYPE/);
    expect(results[1]).toMatchObject({ result: 12 });
  });

  it('serves EVAL, EVALSHA, SCRIPT LOAD/EXISTS and answers NOSCRIPT for unknown hashes', async () => {
    const redis = client();
    const p = randomPrefix('lua');
    const script = `return {KEYS[1], ARGV[1], 7, '${p}'}`;
    await expect(redis.evalsha(sha1(`return '${p}'`), [], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await redis.eval(script, [`${p}:k`], ['ü'])).toEqual([`${p}:k`, 'ü', 7, p]);
    expect(await redis.evalsha(sha1(script), [`${p}:k`], ['x'])).toEqual([`${p}:k`, 'x', 7, p]);
    const loaded = `return redis.call('INCR', KEYS[1]) -- ${p}`;
    expect(await redis.scriptLoad(loaded)).toBe(sha1(loaded));
    expect(await redis.evalsha(sha1(loaded), [`${p}:n`], [])).toBe(1);
    expect(await redis.scriptExists(sha1(loaded), sha1(`${p} never loaded`))).toEqual([1, 0]);
  });

  it('accepts Upstash shebang flags and keeps the hash the client computed', async () => {
    const redis = client();
    const p = randomPrefix('flags');
    const flagged = `#!lua flags=allow-key-locking\nreturn redis.call('INCR', KEYS[1]) + 0 -- ${p}`;
    await expect(redis.evalsha(sha1(flagged), [`${p}:n`], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await redis.eval(flagged, [`${p}:n`], [])).toBe(1);
    expect(await redis.evalsha(sha1(flagged), [`${p}:n`], [])).toBe(2);
    const loadedFlagged = `#!lua flags=allow-key-locking\nreturn 'loaded ${p}'`;
    expect(await redis.scriptLoad(loadedFlagged)).toBe(sha1(loadedFlagged));
    expect(await redis.evalsha(sha1(loadedFlagged), [], [])).toBe(`loaded ${p}`);
    expect(await redis.scriptExists(sha1(loadedFlagged))).toEqual([1]);
  });

  it('drives @upstash/ratelimit sliding window: allows, denies, resets', async () => {
    const redis = client();
    const limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(3, '30 s'),
      prefix: randomPrefix('rl'),
      ephemeralCache: false,
    });
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await limiter.limit('client-a'));
    expect(first.map((r) => r.success)).toEqual([true, true, true]);
    expect(first.map((r) => r.remaining)).toEqual([2, 1, 0]);
    const denied = await limiter.limit('client-a');
    expect(denied.success).toBe(false);
    expect(denied.reset).toBeGreaterThan(Date.now());
    expect((await limiter.limit('client-b')).success).toBe(true);
    expect((await limiter.getRemaining('client-a')).remaining).toBe(0);
    await limiter.resetUsedTokens('client-a');
    expect((await limiter.limit('client-a')).success).toBe(true);
  });
});

describe('bridge HTTP surface', () => {
  const post = (path: string, body: unknown, token: string | null = bridge.token) =>
    fetch(`${bridge.url}${path}`, {
      method: 'POST',
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it('answers 401 without a token and with a wrong one', async () => {
    const none = await post('/', ['PING'], null);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 'Unauthorized' });
    expect((await post('/pipeline', [['PING']], `${bridge.token}x`)).status).toBe(401);
    const wrong = new Redis({ url: bridge.url, token: 'wrong-token-0123456789', enableTelemetry: false });
    await expect(wrong.ping()).rejects.toThrow(/Unauthorized/);
  });

  it('answers a Redis error with 400 and {error}, and a bad body with 400', async () => {
    const res = await post('/', ['NOSUCHCOMMAND', 'x']);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^ERR unknown command/);
    const bad = await fetch(`${bridge.url}/pipeline`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}` },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect((await post('/', ['SUBSCRIBE', 'x'])).status).toBe(400);
  });

  it('aborts a transaction when Redis refuses a queued command (EXECABORT)', async () => {
    const p = randomPrefix('abort');
    const res = await post('/multi-exec', [['SET', `${p}:a`, '1'], ['NOSUCHCOMMAND']]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/EXECABORT/);
    expect(await (await post('/', ['EXISTS', `${p}:a`])).json()).toEqual({ result: 0 });
  });

  it('serves the path style, with a POST body as the last argument', async () => {
    const p = randomPrefix('path');
    const auth = { authorization: `Bearer ${bridge.token}` };
    await fetch(`${bridge.url}/set/${encodeURIComponent(`${p}:k`)}`, {
      method: 'POST',
      headers: auth,
      body: 'a b/c',
    });
    const res = await fetch(`${bridge.url}/get/${encodeURIComponent(`${p}:k`)}`, { headers: auth });
    expect(await res.json()).toEqual({ result: 'a b/c' });
  });

  it('answers 503 (not a hang, not a result) while Redis is unreachable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const token = 'token-for-a-bridge-without-redis';
    const down = await startBridge({ redisUrl: `redis://127.0.0.1:${port}`, token, port: 0 });
    try {
      const res = await fetch(`${down.url}/pipeline`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify([['EXISTS', 'a']]),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/redis unavailable/);
      const client = new Redis({ url: down.url, token, enableTelemetry: false, retry: false });
      await expect(client.exists('a')).rejects.toThrow(/redis unavailable/);
    } finally {
      await down.close();
    }
  });
});
