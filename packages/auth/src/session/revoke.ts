import { useEnv } from '@scip/config';
import { Events } from '@scip/core';
import { useTransaction, withTransaction } from '@scip/db';
import { Blacklist } from '@scip/kv';

export type RevokeReason =
  | 'logout'
  | 'refresh_token_reused'
  | 'password_changed'
  | 'user_disabled'
  | 'permissions_changed'
  | 'mfa_changed'
  | 'admin';

export interface RevokedSession {
  sessionId: string;
  userId: string;
  orgId: string;
  reason: string;
}

interface Row {
  id: string;
  user_id: string;
  organization_id: string;
  expires_at: Date;
}

/**
 * How long the blacklist entry lives: the session's remaining life, and never less than an access token's
 * (plus skew), so a token issued just before the session ended still dies at once.
 */
function remaining(expiresAt: Date): number {
  const env = useEnv();
  const session = Math.ceil((expiresAt.getTime() - Date.now()) / 1000);
  return Math.max(session, env.ACCESS_TOKEN_TTL_SECONDS + env.CLOCK_SKEW_SECONDS);
}

/**
 * Marks sessions revoked in the current transaction, revokes their refresh tokens, blacklists them in
 * Redis before the commit (a Redis failure rolls the revocation back and surfaces as 503, never as a
 * silently live token) and emits `session.revoked` after the commit.
 */
async function revokeRows(rows: Row[], reason: string): Promise<RevokedSession[]> {
  const tx = useTransaction();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  await tx`UPDATE app.refresh_tokens SET revoked_at = now()
           WHERE session_id = ANY(${ids}::uuid[]) AND revoked_at IS NULL`;
  await Promise.all(rows.map((r) => Blacklist.revokeSession(r.id, remaining(r.expires_at))));
  const revoked = rows.map((r) => ({ sessionId: r.id, userId: r.user_id, orgId: r.organization_id, reason }));
  for (const payload of revoked) Events.emit('session.revoked', payload);
  return revoked;
}

/**
 * Ends one session at once: its access tokens fail on the next request, its refresh tokens are dead and
 * realtime drops its MQTT clients (on `session.revoked`). Idempotent; returns false when there was no
 * live session with that id in the current organization.
 *
 * @example
 * await Session.revoke(actor.sessionId, 'logout');
 */
export async function revoke(sessionId: string, reason: RevokeReason | string): Promise<boolean> {
  return withTransaction(async (tx) => {
    const rows = await tx<Row[]>`
      UPDATE app.user_sessions SET revoked_at = now(), revoked_reason = ${reason}
      WHERE id = ${sessionId} AND revoked_at IS NULL
      RETURNING id, user_id, organization_id, expires_at`;
    return (await revokeRows(rows, reason)).length > 0;
  });
}

/**
 * Ends every live session of a user (optionally all but `except`): password change, `user disable`,
 * role or permission changes (ASVS 8.3.2).
 *
 * @example
 * await Session.revokeAllForUser(userId, { except: actor.sessionId, reason: 'password_changed' });
 */
export async function revokeAllForUser(
  userId: string,
  opts: { except?: string; reason?: RevokeReason | string } = {},
): Promise<RevokedSession[]> {
  const reason = opts.reason ?? 'admin';
  return withTransaction(async (tx) => {
    const rows = await tx<Row[]>`
      UPDATE app.user_sessions SET revoked_at = now(), revoked_reason = ${reason}
      WHERE user_id = ${userId} AND revoked_at IS NULL AND expires_at > now()
        AND (${opts.except ?? null}::uuid IS NULL OR id <> ${opts.except ?? null}::uuid)
      RETURNING id, user_id, organization_id, expires_at`;
    return revokeRows(rows, reason);
  });
}
