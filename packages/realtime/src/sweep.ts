import { realtimeLogger } from './logger.ts';
import { isLive, sessionStates } from './session-state.ts';
import { useBroker } from './use-broker.ts';

export interface SweepResult {
  checked: number;
  deleted: number;
  failed: number;
  /** Organizations whose broker roles were checked against the current policy function. */
  orgsSynced: number;
}

/**
 * The expiry sweep (scheduled; `npm run local` runs it on a timer): deletes the broker client of every
 * session that expired, was revoked, or is unknown — and of credentials past their own `expires_at` —
 * which drops their live connections. The database is the source of truth, so this also catches a
 * revocation whose `session.revoked` handler could not reach the broker.
 *
 * It then re-checks the roles of every organization that still has clients against the policy function
 * (cached per process): after a deploy that changed the policy, the first sweep regenerates the roles and
 * kicks their holders, who reconnect under the new rules.
 *
 * @example
 * await runSweep(); // { checked: 12, deleted: 1, failed: 0 }
 */
export async function runSweep(now = new Date()): Promise<SweepResult> {
  const broker = useBroker();
  const clients = await broker.listSessionClients();
  const states = await sessionStates(clients.map((c) => c.sessionId));
  const result: SweepResult = { checked: clients.length, deleted: 0, failed: 0, orgsSynced: 0 };
  const liveOrgs = new Set<string>();
  for (const client of clients) {
    const state = states.get(client.sessionId);
    if (isLive(state, now) && client.expiresAt.getTime() > now.getTime()) {
      liveOrgs.add(state.orgId);
      continue;
    }
    try {
      await broker.deleteSessionClient(client.sessionId);
      result.deleted++;
    } catch (error) {
      result.failed++;
      realtimeLogger().error({ err: error, session_id: client.sessionId }, 'realtime sweep: delete failed');
    }
  }
  for (const orgId of liveOrgs) {
    try {
      await broker.ensureOrgRoles(orgId);
      result.orgsSynced++;
    } catch (error) {
      realtimeLogger().error({ err: error, org_id: orgId }, 'realtime sweep: role sync failed');
    }
  }
  return result;
}
