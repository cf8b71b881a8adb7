import { describe, expect, it } from 'vitest';
import * as RateLimit from './rate-limit.ts';
import { deadRedis, unique } from './test-support/dead-redis.ts';

const rule = { limit: 3, windowSeconds: 60 };

describe('RateLimit', () => {
  it('allows up to the limit, then denies with a Retry-After inside the window', async () => {
    const name = unique('rule');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await RateLimit.check(name, '203.0.113.7', rule));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results.slice(0, 3).every((r) => r.retryAfterSeconds === 0)).toBe(true);
    const denied = results[3];
    expect(denied?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(denied?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts keys and rules separately, and reset forgets a key', async () => {
    const name = unique('rule');
    for (let i = 0; i < 3; i++) await RateLimit.check(name, 'key-a', rule);
    expect((await RateLimit.check(name, 'key-a', rule)).success).toBe(false);
    expect((await RateLimit.check(name, 'key-b', rule)).success).toBe(true);
    expect((await RateLimit.check(unique('other-rule'), 'key-a', rule)).success).toBe(true);
    await RateLimit.reset(name, 'key-a', rule);
    expect((await RateLimit.check(name, 'key-a', rule)).success).toBe(true);
  });

  it('never lets more than the limit through concurrently', async () => {
    const name = unique('rule');
    const results = await Promise.all(Array.from({ length: 10 }, () => RateLimit.check(name, 'burst', rule)));
    expect(results.filter((r) => r.success)).toHaveLength(3);
  });

  it('rejects a nonsensical rule', async () => {
    await expect(RateLimit.check('x', 'y', { limit: 0, windowSeconds: 60 })).rejects.toThrow(TypeError);
  });

  it('fails closed when Redis is unreachable', async () => {
    await expect(RateLimit.check(unique('rule'), 'k', rule, await deadRedis())).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
  });
});
