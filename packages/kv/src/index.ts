export * as Blacklist from './blacklist.ts';
export { createRedis, guarded, type RedisClientOptions, setRedis, useRedis } from './client.ts';
export { createJobQueue, type JobQueue } from './jobs/queue.ts';
export type {
  EnqueueOptions,
  JobHandler,
  JobInfo,
  JobStatus,
  RunDueOptions,
  RunDueSummary,
} from './jobs/types.ts';
export * as Lockout from './lockout.ts';
export * as RateLimit from './rate-limit.ts';

import { createJobQueue } from './jobs/queue.ts';

/** The platform's default job queue, drained every minute by functions/jobs. */
export const Jobs = createJobQueue({ name: 'default' });
