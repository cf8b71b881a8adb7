import { useLogger } from '@scip/http';
import { runConnectionAudit, runSweep } from './index.ts';

/**
 * The scheduled realtime maintenance (infra/jobs.ts: every minute): the expiry sweep, then the connection
 * audit. A failing audit never stops the sweep (revocation matters more than bookkeeping).
 */
export const handler = async () => {
  const sweep = await runSweep();
  const audit = await runConnectionAudit().catch((error: unknown) => {
    useLogger().error({ err: error }, 'realtime connection audit failed');
    return undefined;
  });
  return { sweep, audit };
};
