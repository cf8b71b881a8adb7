import { useEnv } from '@scip/config';
import { maybeRequest } from '@scip/context';
import { AppError } from '@scip/errors';
import { RateLimit } from '@scip/kv';
import type { MiddlewareHandler } from 'hono';
import { prefetchBearer } from './bearer-prefetch.ts';

export interface Rule {
  limit: number;
  windowSeconds: number;
}

function parseRule(text: string): Rule {
  const [limit, windowSeconds] = text.split('/').map(Number);
  if (!limit || !windowSeconds)
    throw new TypeError(`Bad rate-limit rule ${text} (want <requests>/<seconds>)`);
  return { limit, windowSeconds };
}

/** RATE_LIMIT_AUTH and RATE_LIMIT_OVERRIDES (`login=10/60,refresh=60/60`) as rules by endpoint name. */
export function authRules(env = useEnv()): { fallback: Rule; overrides: Map<string, Rule> } {
  const overrides = new Map<string, Rule>();
  for (const part of env.RATE_LIMIT_OVERRIDES.split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, rule] = part.split('=');
    if (!name || !rule) throw new TypeError(`Bad RATE_LIMIT_OVERRIDES entry ${part}`);
    overrides.set(name.trim(), parseRule(rule.trim()));
  }
  return { fallback: parseRule(env.RATE_LIMIT_AUTH), overrides };
}

/** `/api/v1/auth/mfa/totp/enroll` → `mfa`; `/api/v1/auth/login` → `login`. */
function endpointOf(path: string, prefix: string): string {
  return path.slice(prefix.length).replace(/^\/+/, '').split('/')[0] || 'root';
}

/**
 * Per-client-IP sliding-window limit on every route under `prefix` (anti-automation). Each endpoint has its
 * own window: RATE_LIMIT_OVERRIDES by name, else RATE_LIMIT_AUTH. Over the limit → 429 `rate_limited` with
 * `Retry-After`; Redis down → 503 (fails closed). The IP honours TRUST_PROXY (see @scip/http clientIp).
 * A Bearer token's verification starts alongside the limiter (bearer-prefetch.ts): one Redis round trip
 * of waiting instead of two; nothing behind this middleware runs before the limiter has said yes.
 *
 * @example
 * app.use('/api/v1/auth/*', authRateLimit('/api/v1/auth'));
 */
export function authRateLimit(prefix: string): MiddlewareHandler {
  return async function authRateLimit(c, next) {
    const { fallback, overrides } = authRules();
    const endpoint = endpointOf(c.req.path, prefix);
    const rule = overrides.get(endpoint) ?? fallback;
    const ip = maybeRequest()?.clientIp ?? 'unknown';
    const decision = RateLimit.check(`auth-${endpoint}`, ip, rule);
    prefetchBearer(c.req.raw);
    const result = await decision;
    if (!result.success) {
      throw new AppError('rate_limited', 'Too many requests from this address; slow down', {
        headers: { 'Retry-After': String(result.retryAfterSeconds) },
      });
    }
    await next();
  };
}
