import { Events } from '@scip/core';
import { Jobs } from '@scip/kv';
import { realtimeLogger } from './logger.ts';
import { useBroker } from './use-broker.ts';

export const REVOKE_JOB = 'realtime.revoke_session';

interface SessionRevoked {
  sessionId: string;
  userId: string;
  orgId: string;
  reason: string;
}

/**
 * Deletes the session's broker client, which drops its live connection at once (Mosquitto: reason 152).
 * When the broker cannot be reached the deletion is queued (`realtime.revoke_session`, retried with
 * backoff) and the error rethrown so it is logged; the expiry sweep also deletes clients of revoked
 * sessions, so a missed event still ends in a dropped connection.
 */
export async function dropSessionConnection(event: SessionRevoked): Promise<void> {
  try {
    await useBroker().deleteSessionClient(event.sessionId);
  } catch (error) {
    realtimeLogger().error(
      { err: error, session_id: event.sessionId },
      'realtime: could not drop session client',
    );
    await Jobs.enqueue(REVOKE_JOB, { sessionId: event.sessionId }, { maxAttempts: 10, backoffSeconds: 2 });
    throw error;
  }
}

/**
 * A disabled user loses every broker client at once, whether or not the sessions' own `session.revoked`
 * events follow (they do once auth revokes them; deleting twice is harmless).
 */
export async function dropUserConnections(event: { userId: string; orgId: string }): Promise<void> {
  const broker = useBroker();
  const clients = await broker.listSessionClients();
  const mine = clients.filter((c) => c.userId === event.userId && c.orgId === event.orgId);
  await Promise.all(
    mine.map((c) =>
      dropSessionConnection({
        sessionId: c.sessionId,
        userId: c.userId,
        orgId: c.orgId,
        reason: 'user_disabled',
      }),
    ),
  );
}

let uninstall: (() => void) | undefined;

/**
 * Installs the `session.revoked`, `user.disabled` and `organization.created` handlers (idempotent). Importing
 * `@scip/realtime/revocation` installs them: every function that can revoke sessions or disable users
 * (auth, jobs, the operator CLI, the local server) imports it.
 */
export function installRevocation(): () => void {
  if (!uninstall) {
    const offSession = Events.on<SessionRevoked>('session.revoked', dropSessionConnection);
    const offUser = Events.on<{ userId: string; orgId: string }>('user.disabled', dropUserConnections);
    // Roles are generated when an org is created; the credentials route also creates them lazily.
    const offOrg = Events.on<{ id?: string; orgId?: string }>('organization.created', async (org) => {
      const orgId = org.orgId ?? org.id;
      if (orgId) await useBroker().ensureOrgRoles(orgId);
    });
    uninstall = () => {
      offSession();
      offUser();
      offOrg();
    };
  }
  return () => {
    uninstall?.();
    uninstall = undefined;
  };
}

installRevocation();
