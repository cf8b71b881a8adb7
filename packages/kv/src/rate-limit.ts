import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { guarded, useRedis } from './client.ts';

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** 0 when allowed; otherwise whole seconds until a request may pass (for `Retry-After`). */
  retryAfterSeconds: number;
}

const limiters = new WeakMap<Redis, Map<string, Ratelimit>>();

function limiterFor(redis: Redis, name: string, rule: RateLimitRule): Ratelimit {
  let byRule = limiters.get(redis);
  if (!byRule) {
    byRule = new Map();
    limiters.set(redis, byRule);
  }
  const id = `${name}:${rule.limit}:${rule.windowSeconds}`;
  let limiter = byRule.get(id);
  if (!limiter) {
    limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(rule.limit, `${rule.windowSeconds} s`),
      prefix: `ratelimit:${name}`,
      // timeout 0: the library would otherwise *allow* the request when Redis is slow (fail open).
      timeout: 0,
      // No in-memory block cache: a reset must take effect at once, in every instance alike.
      ephemeralCache: false,
      analytics: false,
    });
    byRule.set(id, limiter);
  }
  return limiter;
}

function validate(rule: RateLimitRule): void {
  if (!Number.isInteger(rule.limit) || rule.limit < 1)
    throw new TypeError('limit must be a positive integer');
  if (!Number.isInteger(rule.windowSeconds) || rule.windowSeconds < 1) {
    throw new TypeError('windowSeconds must be a positive integer');
  }
}

/**
 * Counts one request of `key` (an IP, a user id) against the sliding-window rule `name`.
 * Throws `AppError('dependency_unavailable')` when Redis cannot answer (fails closed).
 *
 * @example
 * const r = await RateLimit.check('auth-login', clientIp, { limit: 10, windowSeconds: 60 });
 * if (!r.success) throw new AppError('rate_limited', 'Slow down', { headers: { 'Retry-After': String(r.retryAfterSeconds) } });
 */
export async function check(
  name: string,
  key: string,
  rule: RateLimitRule,
  redis: Redis = useRedis(),
): Promise<RateLimitResult> {
  validate(rule);
  const result = await guarded('rateLimit.check', () => limiterFor(redis, name, rule).limit(key));
  const retryAfterSeconds = result.success ? 0 : Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  return { success: result.success, limit: result.limit, remaining: result.remaining, retryAfterSeconds };
}

/** Forgets the requests counted for `key` under rule `name` (for example after a successful login). */
export async function reset(name: string, key: string, rule: RateLimitRule, redis: Redis = useRedis()) {
  validate(rule);
  await guarded('rateLimit.reset', () => limiterFor(redis, name, rule).resetUsedTokens(key));
}
