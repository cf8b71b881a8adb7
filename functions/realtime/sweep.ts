import { runSweep } from './index.ts';

/** The scheduled expiry sweep (infra/jobs.ts: every minute). */
export const handler = () => runSweep();
