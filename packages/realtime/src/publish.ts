import { afterCommit } from '@scip/db';
import { Jobs } from '@scip/kv';
import type { Envelope } from './envelope.ts';
import { assertPublishable, type PublisherConnection, publishOnce, servicePublisher } from './publisher.ts';

export const PUBLISH_JOB = 'realtime.publish';

export interface PublishOptions {
  /** Attempts in-process before handing over to the job queue (default 3). */
  attempts?: number;
  /** First retry delay in ms, doubled per attempt (default 50). */
  backoffMs?: number;
  connection?: PublisherConnection;
}

export type PublishOutcome = { delivered: true } | { delivered: false; jobId: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes with a few quick retries (exponential backoff); when the broker still does not take it, the
 * message goes to the job queue (`realtime.publish`, retried with backoff by functions/jobs) instead of
 * being lost. Invalid topic or envelope throws at once (422): retrying cannot fix it.
 *
 * @example
 * const outcome = await publish(controlTopic(orgId, exerciseId), envelope);
 */
export async function publish(
  topic: string,
  envelope: Envelope,
  options: PublishOptions = {},
): Promise<PublishOutcome> {
  assertPublishable(topic, envelope);
  const attempts = Math.max(1, options.attempts ?? 3);
  const connection = options.connection ?? servicePublisher();
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await publishOnce(topic, envelope, connection);
      return { delivered: true };
    } catch (error) {
      lastError = error;
      if (attempt < attempts) await sleep((options.backoffMs ?? 50) * 2 ** (attempt - 1));
    }
  }
  const { id } = await Jobs.enqueue(
    PUBLISH_JOB,
    { topic, envelope, error: String((lastError as Error)?.message ?? lastError) },
    { maxAttempts: 8, backoffSeconds: 5 },
  );
  return { delivered: false, jobId: id };
}

/**
 * Publishes only after the current transaction commits: a rolled-back transaction publishes nothing.
 * The topic and envelope are validated now, so a bad message fails (and rolls back) the transaction.
 *
 * @example
 * await withTransaction(async () => {
 *   await Exercise.start(id);
 *   afterCommitPublish(controlTopic(orgId, id), createEnvelope({ org: orgId, type: 'exercise.started' }));
 * });
 */
export function afterCommitPublish(topic: string, envelope: Envelope, options: PublishOptions = {}): void {
  assertPublishable(topic, envelope);
  afterCommit(() => publish(topic, envelope, options), { name: `${PUBLISH_JOB} ${topic}` });
}

/** The job handler: one more attempt per run; the queue's own backoff spaces them out. */
export function registerPublishJob(queue: Pick<typeof Jobs, 'register'> = Jobs): void {
  queue.register<{ topic: string; envelope: Envelope }>(PUBLISH_JOB, ({ topic, envelope }) =>
    publishOnce(topic, envelope),
  );
}
