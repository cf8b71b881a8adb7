import { Jobs } from '@scip/kv';
import { registerPublishJob } from './publish.ts';
import { REVOKE_JOB } from './revocation.ts';
import { useBroker } from './use-broker.ts';

/**
 * Registers the realtime job types on the default queue. Importing `@scip/realtime/jobs` does it;
 * functions/jobs imports it so queued publishes and revocations are retried.
 */
export function registerRealtimeJobs(queue: Pick<typeof Jobs, 'register'> = Jobs): void {
  registerPublishJob(queue);
  queue.register<{ sessionId: string }>(REVOKE_JOB, ({ sessionId }) =>
    useBroker().deleteSessionClient(sessionId),
  );
}

registerRealtimeJobs();
