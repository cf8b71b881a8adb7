import Redis from 'ioredis';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type PrivateInstance,
  startPrivateBridge,
  startPrivatePgbouncer,
  startPrivateRedis,
} from '../local/stack/index.ts';

const started: PrivateInstance[] = [];
afterAll(async () => {
  for (const instance of started.reverse()) await instance.dispose();
});

async function ping(url: string): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // surfaced through the rejected command instead
  try {
    await redis.connect();
    return await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function restPing(url: string, token: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify(['PING']),
  });
  return res.status;
}

describe('private instances for tests that need a dependency down', () => {
  it('a private Redis stops and comes back on the same port without touching the shared one', async () => {
    const redis = await startPrivateRedis();
    started.push(redis);
    expect(redis.port).not.toBe(56379);
    expect(await ping(redis.url)).toBe('PONG');
    await redis.stop();
    await expect(ping(redis.url)).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
    expect(await ping(process.env.REDIS_URL as string)).toBe('PONG');
    await redis.start();
    expect(await ping(redis.url)).toBe('PONG');
  });

  it('a private Upstash bridge in front of a private Redis fails when that Redis is down', async () => {
    const redis = await startPrivateRedis();
    started.push(redis);
    const bridge = await startPrivateBridge({ redisUrl: redis.url });
    started.push(bridge);
    expect(await restPing(bridge.url, bridge.token)).toBe(200);
    await redis.stop();
    expect(await restPing(bridge.url, bridge.token)).toBeGreaterThanOrEqual(500);
    await redis.start();
    await expect.poll(() => restPing(bridge.url, bridge.token), { timeout: 10_000 }).toBe(200);
  });

  it('a private PgBouncer in front of the shared PostgreSQL can be stopped and restarted', async () => {
    const pgbouncer = await startPrivatePgbouncer();
    started.push(pgbouncer);
    const query = async () => {
      const sql = postgres(pgbouncer.url, { max: 1, prepare: false, connect_timeout: 2 });
      try {
        const [row] = await sql`select current_user as who`;
        return row?.who as string;
      } finally {
        await sql.end({ timeout: 1 });
      }
    };
    expect(await query()).toBe('app_user');
    await pgbouncer.stop();
    await expect(query()).rejects.toThrow(/ECONNREFUSED/);
    await pgbouncer.start();
    expect(await query()).toBe('app_user');
  });
});
