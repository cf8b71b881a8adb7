import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * Fourth in the chain: answers cross-origin requests only for origins on the allow-list
 * (`CORS_ORIGINS`); any other origin gets no `Access-Control-Allow-Origin`, so browsers refuse it.
 * Bearer tokens, not cookies, carry credentials, so `Allow-Credentials` stays off.
 */
export function corsAllowList(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Idempotency-Key'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'API-Version', 'Deprecation', 'Sunset', 'Link'],
    maxAge: 600,
  });
}
