import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { useEnv } from '@scip/config';
import { Ratelimit } from '@upstash/ratelimit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedis } from './client.ts';
import { unique } from './test-support/dead-redis.ts';
import { createTransport } from './transport.ts';

const real = () => {
  const env = useEnv();
  return { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN };
};

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A stand-in REST endpoint for protocol edge cases the real one cannot be made to produce on demand. */
async function endpoint(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close() });
  server.on('connection', (socket) => servers.push({ close: () => socket.destroy() }));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('node:http transport for @upstash/redis', () => {
  it('speaks the REST protocol to the real endpoint: commands, pipelines, per-command errors', async () => {
    const redis = createRedis({ ...real(), autoPipelining: false });
    const key = `test:transport:${unique('k')}`;
    expect(await redis.set(key, 'välue ✓', { ex: 30 })).toBe('OK');
    expect(await redis.get(key)).toBe('välue ✓');
    const p = redis.pipeline();
    p.incr(`${key}:n`);
    p.incr(`${key}:n`);
    p.expire(`${key}:n`, 30);
    expect(await p.exec()).toEqual([1, 2, 1]);
    await expect(redis.incr(key)).rejects.toThrow(/not an integer/);
  });

  it('batches the commands of one tick into one request when auto-pipelining (the default)', async () => {
    const seen: string[] = [];
    const { url, token } = real();
    const proxy = await endpoint((req, body, res) => {
      seen.push(req.url ?? '');
      fetch(`${url}${req.url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })
        .then(async (r) =>
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
        )
        .catch(() => res.writeHead(502).end());
    });
    const redis = createRedis({ url: proxy, token });
    const key = `test:transport:${unique('b')}`;
    const results = await Promise.all([redis.exists(key), redis.get(key), redis.pttl(key)]);
    expect(results).toEqual([0, null, -2]);
    expect(seen).toEqual(['/pipeline']);
  });

  it('keeps the rate limiter working: its NOSCRIPT fallback sees the server error', async () => {
    const redis = createRedis({ ...real(), autoPipelining: false });
    await redis.scriptFlush();
    const limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(2, '10 s'),
      prefix: unique('rl'),
    });
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push((await limiter.limit('ip')).success);
    expect(verdicts).toEqual([true, true, false]);
  });

  it('retries once after a connection reset, and never after an answer', async () => {
    let requests = 0;
    const flaky = await endpoint((req, _body, res) => {
      requests++;
      if (requests === 1) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":"PONG"}');
    });
    const transport = createTransport({ url: flaky, token: 't', timeoutMs: 1000, retries: 1, backoffMs: 1 });
    expect(await transport.request({ body: ['ping'] })).toEqual({ result: 'PONG' });
    expect(requests).toBe(2);
    transport.close();

    let answered = 0;
    const refusing = await endpoint((_req, _body, res) => {
      answered++;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"WRONGPASS invalid token"}');
    });
    const strict = createTransport({ url: refusing, token: 't', timeoutMs: 1000, retries: 1, backoffMs: 1 });
    await expect(strict.request({ body: ['ping'] })).rejects.toThrow('WRONGPASS invalid token');
    expect(answered).toBe(1);
    strict.close();
  });

  it('gives up at the deadline, retries included', async () => {
    const silent = await endpoint(() => {});
    const transport = createTransport({ url: silent, token: 't', timeoutMs: 150, retries: 1, backoffMs: 1 });
    const started = Date.now();
    await expect(transport.request({ body: ['ping'] })).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(2_000); // bounded by the deadline, not by the server
    transport.close();
  });

  it('sends back the read-your-writes token of the previous answer, and refuses a body that is not JSON', async () => {
    const tokens: (string | undefined)[] = [];
    let n = 0;
    const url = await endpoint((req, _body, res) => {
      tokens.push(req.headers['upstash-sync-token'] as string | undefined);
      n++;
      if (n === 3) return res.writeHead(200).end('<html>proxy error</html>');
      res
        .writeHead(200, { 'content-type': 'application/json', 'upstash-sync-token': `sync-${n}` })
        .end('{"result":1}');
    });
    const transport = createTransport({ url, token: 't', timeoutMs: 1000, retries: 0 });
    await transport.request({ body: ['incr', 'a'] });
    await transport.request({ body: ['incr', 'a'] });
    await expect(transport.request({ body: ['incr', 'a'] })).rejects.toThrow(/not JSON/);
    expect(tokens).toEqual([undefined, 'sync-1', 'sync-2']);
    transport.close();
  });
});
