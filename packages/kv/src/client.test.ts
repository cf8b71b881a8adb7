import { describe, expect, it } from 'vitest';
import * as Blacklist from './blacklist.ts';
import { createRedis, guarded, useRedis } from './client.ts';
import { hungEndpoint, unique } from './test-support/dead-redis.ts';

describe('Redis client', () => {
  it('talks to the shared Redis through the REST endpoint', async () => {
    const key = `test:client:${unique('k')}`;
    expect(await useRedis().set(key, 'v', { ex: 30 })).toBe('OK');
    expect(await useRedis().get(key)).toBe('v');
    expect(useRedis()).toBe(useRedis());
  });

  it('gives up on a hung endpoint at its deadline and fails closed', async () => {
    const hung = await hungEndpoint();
    try {
      const redis = createRedis({ url: hung.url, token: 'hung-endpoint-token-00', timeoutMs: 200 });
      await expect(Blacklist.isRevoked({ jti: unique('j') }, redis)).rejects.toMatchObject({
        code: 'dependency_unavailable',
      });
    } finally {
      await hung.close();
    }
  });

  it('maps any failure to dependency_unavailable, keeping the cause', async () => {
    const cause = new Error('socket hang up');
    const failure = guarded('probe', () => Promise.reject(cause));
    await expect(failure).rejects.toMatchObject({ code: 'dependency_unavailable', cause });
  });
});
