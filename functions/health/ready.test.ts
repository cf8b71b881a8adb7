import { type AddressInfo, createServer, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PrivateInstance,
  startPrivateBridge,
  startPrivatePgbouncer,
  startPrivateRedis,
} from '../../local/stack/index.ts';
import { createHealthApp } from './app.ts';

interface ReadyBody {
  status: string;
  checks: Record<string, { status: string; latency_ms: number; error?: string }>;
}

async function ready(app: ReturnType<typeof createHealthApp>) {
  const res = await app.request('/ready');
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

describe('GET /ready against the shared stack', () => {
  it('is 200 ready with database, redis, mqtt, disk and memory up', async () => {
    const app = createHealthApp({ env: { READY_CACHE_MS: 0 } });
    const { status, body } = await ready(app);
    expect(body.status).toBe('ready');
    expect(status).toBe(200);
    for (const name of ['database', 'redis', 'mqtt', 'disk', 'memory']) {
      expect(body.checks[name]).toMatchObject({ status: 'up' });
      expect(body.checks[name]?.latency_ms).toBeGreaterThanOrEqual(0);
    }
    expect(body.checks.disk).toHaveProperty('free_bytes');
  });

  it('reports mqtt down (503) when the broker refuses the credentials', async () => {
    const app = createHealthApp({
      env: { READY_CACHE_MS: 0 },
      targets: {
        mqtt: { url: process.env.MQTT_URL as string, username: 'nobody', password: 'wrong-password-123' },
      },
    });
    const { status, body } = await ready(app);
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.checks.mqtt).toMatchObject({ status: 'down', error: 'failed' });
    expect(body.checks.database?.status).toBe('up');
  });

  it('reports mqtt down with error timeout when the broker never answers CONNACK', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket)); // accepts TCP, never speaks MQTT
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const app = createHealthApp({
        env: { READY_CACHE_MS: 0, READY_CHECK_TIMEOUT_MS: 300 },
        targets: { mqtt: { url: `mqtt://127.0.0.1:${port}` } },
      });
      const { status, body } = await ready(app);
      expect(status).toBe(503);
      expect(body.checks.mqtt).toMatchObject({ status: 'down', error: 'timeout' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports disk and memory down (503) under their critical thresholds, with the numbers', async () => {
    // 100% free is never true, so both checks cross their threshold whatever this machine has.
    const app = createHealthApp({
      env: { READY_CACHE_MS: 0, READY_DISK_MIN_FREE_PERCENT: 100, READY_MEMORY_MIN_FREE_PERCENT: 100 },
    });
    const { status, body } = await ready(app);
    expect(status).toBe(503);
    expect(body.checks.disk).toMatchObject({ status: 'down', error: 'below_threshold' });
    expect(body.checks.disk).toHaveProperty('free_percent');
    expect(body.checks.memory).toMatchObject({ status: 'down', error: 'below_threshold' });
    expect(body.checks.database?.status).toBe('up');
  });

  it('reuses its last report within READY_CACHE_MS', async () => {
    const app = createHealthApp({ env: { READY_CACHE_MS: 60_000 } });
    const first = await ready(app);
    const second = await ready(app);
    expect(second.body).toEqual(first.body);
  });
});

describe('GET /ready when a dependency stops (private instances; the shared stack is untouched)', () => {
  const started: PrivateInstance[] = [];
  let redis: PrivateInstance;
  let pgbouncer: PrivateInstance;
  let app: ReturnType<typeof createHealthApp>;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    started.push(redis);
    const bridge = await startPrivateBridge({ redisUrl: redis.url });
    started.push(bridge);
    pgbouncer = await startPrivatePgbouncer();
    started.push(pgbouncer);
    app = createHealthApp({
      env: { READY_CACHE_MS: 0, READY_CHECK_TIMEOUT_MS: 1_500 },
      targets: { databaseUrl: pgbouncer.url, redis: { url: bridge.url, token: bridge.token } },
    });
  });

  afterAll(async () => {
    for (const instance of started.reverse()) await instance.dispose();
  });

  it('turns 503 when Redis stops and 200 when it is back', async () => {
    expect((await ready(app)).status).toBe(200);
    await redis.stop();
    const down = await ready(app);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not_ready');
    expect(down.body.checks.redis?.status).toBe('down');
    expect(down.body.checks.database?.status).toBe('up');
    await redis.start();
    await expect.poll(async () => (await ready(app)).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });

  it('turns 503 when the database path (PgBouncer) stops and 200 when it is back', async () => {
    expect((await ready(app)).status).toBe(200);
    await pgbouncer.stop();
    const down = await ready(app);
    expect(down.status).toBe(503);
    expect(down.body.checks.database?.status).toBe('down');
    expect(down.body.checks.redis?.status).toBe('up');
    await pgbouncer.start();
    await expect.poll(async () => (await ready(app)).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });
});
