import { randomUUID } from 'node:crypto';
import type { Redis } from '@upstash/redis';
import { guarded, useRedis } from '../client.ts';
import { fromFields, toFields } from './record.ts';
import { CLAIM, FAIL, SUCCEED } from './scripts.ts';
import type { EnqueueOptions, JobHandler, JobInfo, RunDueOptions, RunDueSummary } from './types.ts';

const SUCCEEDED_RETENTION_SECONDS = 7 * 86_400;
const DEAD_RETENTION_SECONDS = 30 * 86_400;
const DEAD_LIST_MAX = 10_000;
const MAX_BACKOFF_SECONDS = 3_600;

export interface JobQueueOptions {
  /** Queues with different names never see each other's jobs. */
  name: string;
  redis?: () => Redis;
}

export type JobQueue = ReturnType<typeof createJobQueue>;

/** Delay before retry `attempt + 1`: base · 2^(attempt − 1), capped at an hour. */
export const backoffSeconds = (base: number, attempt: number) =>
  Math.min(MAX_BACKOFF_SECONDS, base * 2 ** Math.max(0, attempt - 1));

/**
 * A delayed job queue in Redis: a sorted set of due ids, a sorted set of leased (running) ids, a
 * dead-letter list and one hash per job. A scheduled function drains it with `runDue`.
 *
 * @example
 * const queue = createJobQueue({ name: 'default' });
 * queue.register('email.send', async (payload: { to: string }) => send(payload.to));
 * await queue.enqueue('email.send', { to: 'a@example.com' }, { delaySeconds: 60 });
 */
export function createJobQueue({ name, redis = useRedis }: JobQueueOptions) {
  const prefix = `jobs:${name}:`;
  const jobPrefix = `${prefix}job:`;
  const [due, running, dead] = [`${prefix}due`, `${prefix}running`, `${prefix}dead`];
  const keys = [due, running, dead];
  const handlers = new Map<string, JobHandler>();

  async function enqueue<P>(type: string, payload: P, options: EnqueueOptions = {}): Promise<{ id: string }> {
    const now = Date.now();
    const job = {
      id: randomUUID(),
      type,
      payload,
      status: 'queued' as const,
      attempts: 0,
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      backoffSeconds: Math.max(0, options.backoffSeconds ?? 5),
      runAt: now + Math.max(0, options.delaySeconds ?? 0) * 1000,
      createdAt: now,
      updatedAt: now,
      lastError: null,
    };
    await guarded('jobs.enqueue', async () => {
      const tx = redis().multi();
      tx.hset(jobPrefix + job.id, toFields(job));
      tx.zadd(due, { score: job.runAt, member: job.id });
      await tx.exec();
    });
    return { id: job.id };
  }

  /** The job's current record (status, attempts, last error), or null when unknown or expired. */
  async function status(id: string): Promise<JobInfo | null> {
    const record = fromFields(await guarded('jobs.status', () => redis().hgetall(jobPrefix + id)));
    if (!record) return null;
    const { claim: _claim, backoffSeconds: _backoff, ...info } = record;
    return info;
  }

  /** Ids in the dead-letter list, newest first. */
  function deadLetters(count = 100): Promise<string[]> {
    return guarded('jobs.deadLetters', () => redis().lrange<string>(dead, 0, count - 1));
  }

  function register<P>(type: string, handler: JobHandler<P>): void {
    handlers.set(type, handler as JobHandler);
  }

  /** The job types this process can run (registered handlers). */
  function types(): string[] {
    return [...handlers.keys()].sort();
  }

  /** Claims the due jobs atomically, runs them, and records success, retry or dead letter. */
  async function runDue(options: RunDueOptions = {}): Promise<RunDueSummary> {
    const now = options.now ?? Date.now();
    const claim = randomUUID();
    const raw = await guarded('jobs.claim', () =>
      redis().eval<string[], unknown[]>(CLAIM, keys, [
        String(now),
        String(options.limit ?? 25),
        String((options.leaseSeconds ?? 300) * 1000),
        jobPrefix,
        claim,
        String(DEAD_RETENTION_SECONDS),
        String(DEAD_LIST_MAX),
      ]),
    );
    const jobs = raw.map(fromFields).filter((job) => job !== null);
    const outcomes = await Promise.all(jobs.map((job) => runOne(job, claim, now)));
    return {
      claimed: jobs.length,
      succeeded: outcomes.filter((o) => o === 'succeeded').length,
      retried: outcomes.filter((o) => o === 'retrying').length,
      dead: outcomes.filter((o) => o === 'dead').length,
      lost: outcomes.filter((o) => o === '' || o === 'lost').length,
    };
  }

  async function runOne(
    job: NonNullable<ReturnType<typeof fromFields>>,
    claim: string,
    now: number,
  ): Promise<string> {
    const { claim: _claim, backoffSeconds: base, ...info } = job;
    try {
      const handler = handlers.get(job.type);
      if (!handler) throw new Error(`No handler registered for job type "${job.type}"`);
      await handler(job.payload, info);
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
      const retryAt = now + backoffSeconds(base, job.attempts) * 1000;
      return guarded('jobs.fail', () =>
        redis().eval<string[], string>(FAIL, keys, [
          jobPrefix,
          job.id,
          claim,
          String(Date.now()),
          message,
          String(retryAt),
          String(DEAD_RETENTION_SECONDS),
          String(DEAD_LIST_MAX),
        ]),
      );
    }
    const owned = await guarded('jobs.succeed', () =>
      redis().eval<string[], number>(SUCCEED, keys, [
        jobPrefix,
        job.id,
        claim,
        String(Date.now()),
        String(SUCCEEDED_RETENTION_SECONDS),
      ]),
    );
    // 0: the lease expired and another runner took the job over; its outcome is the one that counts.
    return owned === 1 ? 'succeeded' : 'lost';
  }

  return { name, enqueue, status, deadLetters, register, types, runDue };
}
