import { client, newOrg, newUser } from '@scip/auth/test-support/fixtures';
import { createRedis, setRedis } from '@scip/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateInstance, startPrivateBridge, startPrivateRedis } from '../../local/stack/index.ts';
import { app } from './index.ts';

const started: PrivateInstance[] = [];
let pair: { access_token: string };
let user: Awaited<ReturnType<typeof newUser>>;

beforeAll(async () => {
  user = await newUser(await newOrg('redisdown'));
  pair = await (await client(app).login(user)).json();
  const redis = await startPrivateRedis();
  started.push(redis);
  const bridge = await startPrivateBridge({ redisUrl: redis.url });
  started.push(bridge);
  // From here on this worker talks to a private Redis (through its own bridge), which we stop.
  setRedis(createRedis({ url: bridge.url, token: bridge.token, timeoutMs: 500 }));
  await redis.stop();
}, 60_000);

afterAll(async () => {
  setRedis(undefined);
  for (const s of started.reverse()) await s.dispose();
});

describe('Redis unreachable', () => {
  it('the auth middleware fails closed: 503 dependency_unavailable for a valid token, never a pass', async () => {
    const res = await client(app).get('/api/v1/auth/me', { token: pair.access_token });
    expect(res.status).toBe(503);
    expect((await res.json()).code).toBe('dependency_unavailable');
  });

  it('login fails closed too (lockout and rate limit cannot be checked)', async () => {
    const res = await client(app).login(user);
    expect(res.status).toBe(503);
    expect((await res.json()).code).toBe('dependency_unavailable');
  });
});
