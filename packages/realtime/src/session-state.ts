import { useSql } from '@scip/db';

export interface SessionState {
  sessionId: string;
  orgId: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where sessions stand, across organizations, through the narrow SECURITY DEFINER lookup
 * `app.session_lookup` (migration 0006) — the sweep runs before any organization context exists.
 * Unknown (or malformed) ids are absent from the result.
 */
export async function sessionStates(sessionIds: readonly string[]): Promise<Map<string, SessionState>> {
  const ids = sessionIds.filter((id) => UUID.test(id));
  const result = new Map<string, SessionState>();
  if (ids.length === 0) return result;
  const rows = await useSql()<
    {
      session_id: string;
      organization_id: string;
      user_id: string;
      expires_at: Date;
      revoked_at: Date | null;
    }[]
  >`select s.* from unnest(${ids}::uuid[]) as i(id), lateral app.session_lookup(i.id) as s`;
  for (const r of rows) {
    result.set(r.session_id, {
      sessionId: r.session_id,
      orgId: r.organization_id,
      userId: r.user_id,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
    });
  }
  return result;
}

/** A session that may hold realtime credentials: known, not revoked, not expired. */
export function isLive(state: SessionState | undefined, now = new Date()): state is SessionState {
  return state !== undefined && state.revokedAt === null && state.expiresAt.getTime() > now.getTime();
}
