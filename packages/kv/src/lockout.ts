import { useEnv } from '@scip/config';
import type { Redis } from '@upstash/redis';
import { guarded, useRedis } from './client.ts';

export interface LockoutRule {
  /** Consecutive failures that lock the key. */
  threshold: number;
  /** How long the lock lasts; also how long a failure is remembered. */
  lockSeconds: number;
}

export interface LockoutState {
  failures: number;
  locked: boolean;
  /** 0 when not locked. */
  retryAfterSeconds: number;
}

const failKey = (key: string) => `lockout:failures:${key}`;
const lockKey = (key: string) => `lockout:locked:${key}`;

// Atomic: count the failure, and on reaching the threshold lock and start a fresh count. While locked,
// failures neither count nor extend the lock (so an attacker cannot keep an account locked for ever by
// hammering it faster; the lock still holds for its full duration).
const RECORD = `
local lockTtl = redis.call('PTTL', KEYS[2])
if lockTtl > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), 1, lockTtl}
end
local failures = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], failures, 'EX', ARGV[2])
  redis.call('DEL', KEYS[1])
  return {failures, 1, tonumber(ARGV[2]) * 1000}
end
return {failures, 0, 0}
`;

const defaults = (): LockoutRule => {
  const env = useEnv();
  return { threshold: env.LOCKOUT_THRESHOLD, lockSeconds: env.LOCKOUT_SECONDS };
};

/**
 * Records one failed attempt for `key` (e.g. `${orgId}:${userId}`); the `threshold`-th consecutive
 * failure locks the key for `lockSeconds`. Defaults come from LOCKOUT_THRESHOLD / LOCKOUT_SECONDS.
 *
 * @example
 * const state = await Lockout.recordFailure(`${orgId}:${userId}`);
 * if (state.locked) throw new AppError('account_locked', 'Too many failed attempts');
 */
export async function recordFailure(
  key: string,
  rule: LockoutRule = defaults(),
  redis: Redis = useRedis(),
): Promise<LockoutState> {
  const [failures, locked, ttlMs] = await guarded('lockout.recordFailure', () =>
    redis.eval<string[], [number, number, number]>(
      RECORD,
      [failKey(key), lockKey(key)],
      [String(rule.threshold), String(rule.lockSeconds)],
    ),
  );
  return { failures, locked: locked === 1, retryAfterSeconds: Math.ceil(ttlMs / 1000) };
}

/** The lock and failure count of `key`, in one round trip. */
export async function status(key: string, redis: Redis = useRedis()): Promise<LockoutState> {
  const [failures, ttlMs] = await guarded('lockout.status', () =>
    Promise.all([redis.get<number>(failKey(key)), redis.pttl(lockKey(key))]),
  );
  const locked = ttlMs > 0;
  return { failures: failures ?? 0, locked, retryAfterSeconds: locked ? Math.ceil(ttlMs / 1000) : 0 };
}

/** True while `key` is locked. Throws `dependency_unavailable` when Redis cannot answer (fails closed). */
export async function isLocked(key: string, redis: Redis = useRedis()): Promise<boolean> {
  return (await status(key, redis)).locked;
}

/** Clears failures and any lock of `key` (after a successful login, or by an operator). */
export async function reset(key: string, redis: Redis = useRedis()): Promise<void> {
  await guarded('lockout.reset', () => redis.del(failKey(key), lockKey(key)));
}
