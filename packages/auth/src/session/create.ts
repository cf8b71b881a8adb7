import { useEnv } from '@scip/config';
import { useTransaction } from '@scip/db';

export interface NewSession {
  userId: string;
  fingerprint: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface SessionInfo {
  id: string;
  expiresAt: Date;
}

/**
 * Opens a session (lifetime REFRESH_TOKEN_TTL_SECONDS) with its first refresh token and stamps the user's
 * `last_login_at`, in one statement of the current transaction (fewer round trips while the organization's
 * audit chain is locked by the first audited write).
 */
export async function create(s: NewSession & { refreshTokenHash: string }): Promise<SessionInfo> {
  const ttl = useEnv().REFRESH_TOKEN_TTL_SECONDS;
  const tx = useTransaction();
  const [row] = await tx<{ id: string; expires_at: Date }[]>`
    WITH session AS (
      INSERT INTO app.user_sessions (user_id, expires_at, device_fingerprint, ip, user_agent, last_seen_at)
      VALUES (${s.userId}, now() + make_interval(secs => ${ttl}), ${s.fingerprint}, ${s.ip ?? null}::inet,
              ${s.userAgent?.slice(0, 512) ?? null}, now())
      RETURNING id, user_id, expires_at
    ), token AS (
      INSERT INTO app.refresh_tokens (session_id, user_id, token_hash, expires_at)
      SELECT id, user_id, ${s.refreshTokenHash}, expires_at FROM session
    ), stamp AS (
      UPDATE app.users SET last_login_at = now() WHERE id = ${s.userId}
    )
    SELECT id, expires_at FROM session`;
  if (!row) throw new Error('session insert returned no row');
  return { id: row.id, expiresAt: row.expires_at };
}

/** Whether the user has had a session from this device fingerprint / this IP before (suspicious-login signal). */
export async function seenBefore(userId: string, fingerprint: string, ip: string | undefined) {
  const tx = useTransaction();
  const [row] = await tx<{ device: boolean; ip: boolean; any: boolean }[]>`
    SELECT coalesce(bool_or(device_fingerprint = ${fingerprint}), false) AS device,
           coalesce(bool_or(ip = ${ip ?? null}::inet), false) AS ip,
           count(*) > 0 AS any
    FROM app.user_sessions WHERE user_id = ${userId}`;
  return row ?? { device: false, ip: false, any: false };
}
