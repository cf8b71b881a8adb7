import type { Actor } from '@scip/context';
import { AppError } from '@scip/errors';
import { Blacklist } from '@scip/kv';
import { type AccessClaims, decodeAccessToken } from './access-token.ts';

/**
 * Verifies an access token completely: RS256 signature with a known `kid`, `typ`, `iss`, `aud`, `exp`,
 * `nbf`, claim shape, and the Redis revocation list (session and jti). Throws 401 `invalid_token` or
 * `token_revoked`; 503 `dependency_unavailable` when Redis cannot answer (fails closed).
 *
 * @example
 * const claims = await verifyAccessToken(bearer);
 */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const claims = await decodeAccessToken(token);
  if (await Blacklist.isRevoked({ sessionId: claims.session_id, jti: claims.jti })) {
    throw new AppError('token_revoked', 'The session of this token has ended');
  }
  return claims;
}

/** The user actor a verified token stands for. */
export function actorOf(claims: AccessClaims): Extract<Actor, { type: 'user' }> {
  return {
    type: 'user',
    userId: claims.sub,
    orgId: claims.org,
    sessionId: claims.session_id,
    role: claims.role,
    permissions: claims.permissions,
  };
}
