// First: on Lambda, SST-bound secrets must be in process.env before anything reads it.
import '@scip/config/lambda-bootstrap';
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
 * The scheduled realtime maintenance as the system actor (functions/realtime/sweep.ts every minute;
 * `npm run local` calls `runSweep()` on a timer): the expiry sweep — deletes broker clients of expired,
 * revoked or unknown sessions and re-syncs roles — then the connection audit. A failing audit never
 * stops the sweep: revocation matters more than bookkeeping.
 */
export function runSweep() {
  return withActor({ type: 'system', reason: 'realtime.sweep' }, async () => {
    const result = await sweep();
    if (result.deleted > 0 || result.failed > 0) useLogger().info({ sweep: result }, 'realtime sweep');
    const connections = await runConnectionAudit().catch((error: unknown) => {
      useLogger().error({ err: error }, 'realtime connection audit failed');
      return undefined;
    });
    return { ...result, audit: connections };
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
