import { describe, expect, it } from 'vitest';
import * as Lockout from './lockout.ts';
import { deadRedis, unique } from './test-support/dead-redis.ts';

const rule = { threshold: 3, lockSeconds: 60 };

describe('Lockout', () => {
  it('locks on the threshold-th consecutive failure, for lockSeconds', async () => {
    const key = unique('acct');
    expect(await Lockout.recordFailure(key, rule)).toEqual({
      failures: 1,
      locked: false,
      retryAfterSeconds: 0,
    });
    expect(await Lockout.recordFailure(key, rule)).toEqual({
      failures: 2,
      locked: false,
      retryAfterSeconds: 0,
    });
    expect(await Lockout.isLocked(key)).toBe(false);
    expect(await Lockout.recordFailure(key, rule)).toEqual({
      failures: 3,
      locked: true,
      retryAfterSeconds: 60,
    });
    expect(await Lockout.isLocked(key)).toBe(true);
    const status = await Lockout.status(key);
    expect(status.locked).toBe(true);
    expect(status.retryAfterSeconds).toBeGreaterThan(0);
    expect(status.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('neither counts nor extends while locked; reset clears everything', async () => {
    const key = unique('acct');
    for (let i = 0; i < 3; i++) await Lockout.recordFailure(key, rule);
    const during = await Lockout.recordFailure(key, rule);
    expect(during.locked).toBe(true);
    expect(during.retryAfterSeconds).toBeLessThanOrEqual(60);
    await Lockout.reset(key);
    expect(await Lockout.isLocked(key)).toBe(false);
    expect(await Lockout.recordFailure(key, rule)).toEqual({
      failures: 1,
      locked: false,
      retryAfterSeconds: 0,
    });
  });

  it('reset after a success starts the count again (failures must be consecutive)', async () => {
    const key = unique('acct');
    await Lockout.recordFailure(key, rule);
    await Lockout.recordFailure(key, rule);
    await Lockout.reset(key);
    expect((await Lockout.recordFailure(key, rule)).locked).toBe(false);
    expect((await Lockout.status(key)).failures).toBe(1);
  });

  it('is atomic under concurrency: exactly one call reaches the threshold', async () => {
    const key = unique('acct');
    const results = await Promise.all(Array.from({ length: 12 }, () => Lockout.recordFailure(key, rule)));
    expect(results.filter((r) => r.failures === 3 && r.locked)).toHaveLength(1);
    expect(
      results
        .filter((r) => !r.locked)
        .map((r) => r.failures)
        .sort(),
    ).toEqual([1, 2]);
    expect(results.filter((r) => r.locked)).toHaveLength(10);
  });

  it('uses LOCKOUT_THRESHOLD / LOCKOUT_SECONDS by default', async () => {
    const key = unique('acct');
    const first = await Lockout.recordFailure(key);
    expect(first).toEqual({ failures: 1, locked: false, retryAfterSeconds: 0 });
  });

  it('fails closed when Redis is unreachable', async () => {
    const dead = await deadRedis();
    await expect(Lockout.isLocked(unique('acct'), dead)).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
    await expect(Lockout.recordFailure(unique('acct'), rule, dead)).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
  });
});
