import type { Redis } from '@upstash/redis';
import { guarded, useRedis } from './client.ts';

const sessionKey = (sessionId: string) => `blacklist:session:${sessionId}`;
const tokenKey = (jti: string) => `blacklist:jti:${jti}`;
const ttl = (seconds: number) => Math.max(1, Math.ceil(seconds));

/**
 * Ends a whole session at once: every access token carrying this `session_id` is rejected until
 * `ttlSeconds` (the remaining lifetime of the longest-lived token) have passed.
 *
 * @example
 * await Blacklist.revokeSession(claims.session_id, claims.exp - nowSeconds);
 */
export async function revokeSession(
  sessionId: string,
  ttlSeconds: number,
  redis = useRedis(),
): Promise<void> {
  await guarded('blacklist.revokeSession', () =>
    redis.set(sessionKey(sessionId), 1, { ex: ttl(ttlSeconds) }),
  );
}

/** Revokes one access token by its `jti` for `ttlSeconds` (its remaining lifetime). */
export async function revokeToken(jti: string, ttlSeconds: number, redis = useRedis()): Promise<void> {
  await guarded('blacklist.revokeToken', () => redis.set(tokenKey(jti), 1, { ex: ttl(ttlSeconds) }));
}

/**
 * True when the session or the token is revoked. One round trip (`EXISTS` over both keys).
 * Throws `AppError('dependency_unavailable')` when Redis cannot answer: never fails open.
 *
 * @example
 * if (await Blacklist.isRevoked({ sessionId: claims.session_id, jti: claims.jti })) throw revoked();
 */
export async function isRevoked(
  ids: { sessionId?: string; jti?: string },
  redis: Redis = useRedis(),
): Promise<boolean> {
  const keys = [
    ...(ids.sessionId ? [sessionKey(ids.sessionId)] : []),
    ...(ids.jti ? [tokenKey(ids.jti)] : []),
  ];
  if (keys.length === 0) throw new TypeError('isRevoked needs a sessionId or a jti');
  const found = await guarded('blacklist.isRevoked', () => redis.exists(...keys));
  return found > 0;
}
