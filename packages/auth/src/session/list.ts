import { useActor } from '@scip/context';
import { withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { revoke } from './revoke.ts';

export interface SessionSummary {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

function signedInUser() {
  const actor = useActor();
  if (actor.type !== 'user') throw new AppError('authentication_required', 'This route needs a user token');
  return actor;
}

/** The signed-in user's live sessions (devices), newest first; `current` marks the caller's own. */
export async function listMine(): Promise<SessionSummary[]> {
  const actor = signedInUser();
  const rows = await withTransaction(
    (tx) => tx<
      {
        id: string;
        created_at: Date;
        last_seen_at: Date | null;
        expires_at: Date;
        ip: string | null;
        user_agent: string | null;
      }[]
    >`
      SELECT id, created_at, last_seen_at, expires_at, host(ip) AS ip, user_agent FROM app.user_sessions
      WHERE user_id = ${actor.userId} AND revoked_at IS NULL AND expires_at > now()
      ORDER BY created_at DESC LIMIT 100`,
  );
  return rows.map((r) => ({
    id: r.id,
    created_at: r.created_at.toISOString(),
    last_seen_at: r.last_seen_at?.toISOString() ?? null,
    expires_at: r.expires_at.toISOString(),
    ip: r.ip,
    user_agent: r.user_agent,
    current: r.id === actor.sessionId,
  }));
}

/** Ends one of the signed-in user's own sessions (sign out another device). 404 when it is not theirs. */
export async function revokeMine(sessionId: string): Promise<void> {
  const actor = signedInUser();
  const ended = await withTransaction(async (tx) => {
    const [own] =
      await tx`SELECT 1 FROM app.user_sessions WHERE id = ${sessionId} AND user_id = ${actor.userId}`;
    return own ? revoke(sessionId, 'logout') : false;
  });
  if (!ended) throw new AppError('not_found', 'No live session of yours with this id');
}
