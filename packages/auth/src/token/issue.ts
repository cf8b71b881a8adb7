import { useEnv } from '@scip/config';
import type { Role } from '@scip/context';
import { useTransaction } from '@scip/db';
import { effectivePermissions } from '../session/permissions.ts';
import { signAccessToken } from './access-token.ts';
import { generateRefreshToken, hashToken } from './refresh-token.ts';

/** What login and refresh answer with (CONTRACT: POST /api/v1/auth/login). */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_expires_in: number;
}

export interface Holder {
  userId: string;
  orgId: string;
  role: Role;
  sessionId: string;
  sessionExpiresAt: Date;
}

/** Signs an access token carrying the user's effective permissions (read now unless given). */
export async function accessTokenFor(h: Holder, known?: readonly string[]) {
  const permissions = known ?? (await effectivePermissions(h.userId, h.role));
  return signAccessToken({
    userId: h.userId,
    orgId: h.orgId,
    role: h.role,
    permissions,
    sessionId: h.sessionId,
  });
}

/** Stores a refresh token of the session (hash only) in the current transaction; returns its row id. */
export async function storeRefreshToken(h: Holder, token: string, parentId: string | null): Promise<string> {
  const tx = useTransaction();
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO app.refresh_tokens (session_id, user_id, token_hash, parent_id, expires_at)
    VALUES (${h.sessionId}, ${h.userId}, ${hashToken(token)}, ${parentId}, ${h.sessionExpiresAt})
    RETURNING id`;
  if (!row) throw new Error('refresh token insert returned no row');
  return row.id;
}

/**
 * A token pair for the holder; `refreshToken` defaults to a fresh random one (a new family member).
 * Pass `permissions` when already read, so signing can happen after the transaction.
 */
export async function pairFor(
  h: Holder,
  refreshToken = generateRefreshToken(),
  permissions?: readonly string[],
): Promise<TokenPair> {
  const env = useEnv();
  const { token } = await accessTokenFor(h, permissions);
  return {
    access_token: token,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    expires_in: env.ACCESS_TOKEN_TTL_SECONDS,
    refresh_expires_in: Math.max(0, Math.round((h.sessionExpiresAt.getTime() - Date.now()) / 1000)),
  };
}
