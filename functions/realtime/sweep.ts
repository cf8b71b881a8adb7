import { runSweep } from './index.ts';

/** The scheduled realtime maintenance (infra/jobs.ts: every minute): expiry sweep + connection audit. */
export const handler = () => runSweep();
