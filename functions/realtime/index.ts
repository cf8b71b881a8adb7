import { withActor } from '@scip/context';
import { createApp, useLogger } from '@scip/http';
import { runConnectionAudit as audit } from '@scip/realtime/audit/connection-audit';
import { runSweep as sweep } from '@scip/realtime/sweep';
import { handle } from 'hono/aws-lambda';
import { registerCredentials } from './routes.ts';
// Installs the session.revoked / user.disabled handlers for this function's process.
import '@scip/realtime/revocation';

/** Realtime: broker credentials for a session; the scheduled expiry sweep. */
export const app = createApp({ name: 'realtime' });
registerCredentials(app);

export const handler = handle(app);

/**
 * The expiry sweep as the system actor: deletes broker clients of expired, revoked or unknown sessions.
 * Deployed on a schedule (functions/realtime/sweep.ts); `npm run local` calls `runSweep()` on a timer.
 */
export function runSweep() {
  return withActor({ type: 'system', reason: 'realtime.sweep' }, async () => {
    const result = await sweep();
    if (result.deleted > 0 || result.failed > 0) useLogger().info({ sweep: result }, 'realtime sweep');
    return result;
  });
}

/**
 * The Mosquitto connection audit as the system actor: broker log lines since the last run → audit entries
 * (no-op without MQTT_LOG_FILE, and on IoT Core, where the authorizer audits). Runs with the sweep.
 */
export function runConnectionAudit() {
  return withActor({ type: 'system', reason: 'realtime.connection-audit' }, async () => {
    const result = await audit();
    if (result.recorded > 0 || result.authFailures > 0)
      useLogger().info({ audit: result }, 'realtime connection audit');
    return result;
  });
}
