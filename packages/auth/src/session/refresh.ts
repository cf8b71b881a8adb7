import { useEnv } from '@scip/config';
import { type Role, withActor } from '@scip/context';
import { useSql, useTransaction, withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { recordAuthEvent, reportSuspicious } from '../audit-events.ts';
import { type Holder, pairFor, storeRefreshToken, type TokenPair } from '../token/issue.ts';
import { hashToken } from '../token/refresh-token.ts';
import { successorOf } from '../token/successor.ts';
import { revoke } from './revoke.ts';

interface TokenRow {
  id: string;
  session_id: string;
  user_id: string;
  organization_id: string;
  expires_at: Date;
  spent_at: Date | null;
  revoked_at: Date | null;
  successor_id: string | null;
  successor_live: boolean | null;
  session_revoked_at: Date | null;
  session_expires_at: Date;
  role: Role;
  disabled_at: Date | null;
  org_active: boolean;
}

type Outcome = { kind: 'ok'; pair: TokenPair } | { kind: 'invalid' } | { kind: 'reused' };

/** The token row, locked: concurrent refreshes of the same token queue here, so one of them spends it. */
async function lockToken(tokenId: string): Promise<TokenRow | undefined> {
  const tx = useTransaction();
  const [row] = await tx<TokenRow[]>`
    SELECT t.id, t.session_id, t.user_id, t.organization_id, t.expires_at, t.spent_at, t.revoked_at,
           t.successor_id, (n.spent_at IS NULL AND n.revoked_at IS NULL) AS successor_live,
           s.revoked_at AS session_revoked_at, s.expires_at AS session_expires_at, u.role, u.disabled_at,
           (o.status = 'active' AND o.deleted_at IS NULL) AS org_active
    FROM app.refresh_tokens t
    JOIN app.user_sessions s ON s.id = t.session_id
    JOIN app.users u ON u.id = t.user_id
    JOIN app.organizations o ON o.id = t.organization_id
    LEFT JOIN app.refresh_tokens n ON n.id = t.successor_id
    WHERE t.id = ${tokenId} FOR UPDATE OF t`;
  return row;
}

function holderOf(t: TokenRow, sessionExpiresAt: Date): Holder {
  return {
    userId: t.user_id,
    orgId: t.organization_id,
    role: t.role,
    sessionId: t.session_id,
    sessionExpiresAt,
  };
}

async function spend(t: TokenRow, presented: string): Promise<TokenPair> {
  const tx = useTransaction();
  const ttl = useEnv().REFRESH_TOKEN_TTL_SECONDS;
  // Sliding session: each rotation extends the session (and the new token) by the refresh lifetime.
  const [s] = await tx<{ expires_at: Date }[]>`
    UPDATE app.user_sessions SET expires_at = now() + make_interval(secs => ${ttl}), last_seen_at = now()
    WHERE id = ${t.session_id} RETURNING expires_at`;
  const holder = holderOf(t, s?.expires_at ?? t.session_expires_at);
  const next = successorOf(presented);
  const nextId = await storeRefreshToken(holder, next, t.id);
  await tx`UPDATE app.refresh_tokens SET spent_at = now(), successor_id = ${nextId} WHERE id = ${t.id}`;
  return pairFor(holder, next);
}

/** Why a known token cannot be spent, or null when it can. */
function refusal(t: TokenRow, now: number): string | null {
  if (t.revoked_at || t.session_revoked_at) return 'revoked';
  if (t.disabled_at) return 'user_disabled';
  if (!t.org_active) return 'organization_inactive';
  if (t.expires_at.getTime() <= now || t.session_expires_at.getTime() <= now) return 'expired';
  return null;
}

async function rotate(tokenId: string, presented: string): Promise<Outcome> {
  const t = await lockToken(tokenId);
  if (!t) return { kind: 'invalid' };
  const now = Date.now();
  const details = { session_id: t.session_id, user_id: t.user_id, token_id: t.id };
  const reason = refusal(t, now);
  if (reason) {
    await recordAuthEvent('auth.refresh.failed', 'notice', { ...details, reason });
    return { kind: 'invalid' };
  }
  if (!t.spent_at) {
    const pair = await spend(t, presented);
    await recordAuthEvent('auth.refresh.succeeded', 'info', details);
    return { kind: 'ok', pair };
  }

  const graceMs = useEnv().REFRESH_REUSE_GRACE_SECONDS * 1000;
  if (now - t.spent_at.getTime() <= graceMs && t.successor_live) {
    // A concurrent retry of the same refresh: the same successor again, no new family member.
    await recordAuthEvent('auth.refresh.succeeded', 'info', { ...details, grace_retry: true });
    return { kind: 'ok', pair: await pairFor(holderOf(t, t.session_expires_at), successorOf(presented)) };
  }
  await revoke(t.session_id, 'refresh_token_reused');
  await reportSuspicious({
    type: 'auth.refresh.reused',
    severity: 'critical',
    orgId: t.organization_id,
    details: { session_id: t.session_id, user_id: t.user_id, token_id: t.id },
  });
  return { kind: 'reused' };
}

/**
 * Spends a refresh token and returns a new pair. A spent token presented again (outside the grace window)
 * revokes the whole session — every refresh token of the family and its access tokens — and fails with
 * 401 `refresh_token_reused`. Unknown, expired or revoked tokens fail with 401 `invalid_refresh_token`.
 * Every attempt with a token we know is audited in its organization's chain (`auth.refresh.succeeded`,
 * `auth.refresh.failed` with the reason, `auth.refresh.reused`); an unknown token names no organization and is
 * only counted by the rate limiter and the access log.
 *
 * @example
 * const pair = await refresh(body.refresh_token);
 */
export async function refresh(presented: string): Promise<TokenPair> {
  const [found] = await useSql()<{ token_id: string; organization_id: string }[]>`
    SELECT token_id, organization_id FROM app.refresh_token_lookup(${hashToken(presented)})`;
  if (!found) throw new AppError('invalid_refresh_token', 'The refresh token is unknown or expired');
  const actor = { type: 'system' as const, reason: 'auth.refresh', orgId: found.organization_id };
  const outcome = await withActor(actor, () => withTransaction(() => rotate(found.token_id, presented)));
  if (outcome.kind === 'reused') {
    throw new AppError('refresh_token_reused', 'This refresh token was already used; the session is revoked');
  }
  if (outcome.kind === 'invalid') {
    throw new AppError('invalid_refresh_token', 'The refresh token is unknown or expired');
  }
  return outcome.pair;
}
