/** Where a job is in its life: queued → running → succeeded, or → retrying → … → dead. */
export type JobStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'dead';

export interface JobInfo<P = unknown> {
  id: string;
  type: string;
  payload: P;
  status: JobStatus;
  /** Attempts started so far (the running one included). */
  attempts: number;
  maxAttempts: number;
  /** Epoch milliseconds of the next (or last) scheduled run. */
  runAt: number;
  createdAt: number;
  updatedAt: number;
  lastError: string | null;
}

export interface EnqueueOptions {
  /** Run no earlier than this many seconds from now (default 0). */
  delaySeconds?: number;
  /** Total attempts before the job goes to the dead-letter list (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, capped at an hour (default 5). */
  backoffSeconds?: number;
}

export type JobHandler<P = unknown> = (payload: P, job: JobInfo<P>) => Promise<unknown> | unknown;

export interface RunDueOptions {
  /** Most jobs claimed by this call (default 25). */
  limit?: number;
  /** The clock, epoch ms (tests move it forward instead of sleeping). */
  now?: number;
  /** A claim older than this is presumed crashed and handed out again (default 300). */
  leaseSeconds?: number;
}

export interface RunDueSummary {
  claimed: number;
  succeeded: number;
  retried: number;
  dead: number;
  /** Jobs whose lease expired while they ran: another runner owns them now. */
  lost: number;
}
