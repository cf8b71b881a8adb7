import type { JobQueue, RunDueSummary } from '@scip/kv';

export interface DrainOptions {
  /** Stop starting new batches after this long (the function timeout minus a margin). */
  budgetMs: number;
  /** Jobs claimed per batch. */
  batch?: number;
  /** Injected clock for tests. */
  now?: () => number;
}

export interface DrainSummary extends RunDueSummary {
  batches: number;
}

/**
 * Runs due jobs batch after batch until the queue has nothing due or the time budget is spent.
 * A batch smaller than `batch` means the queue is drained for now.
 */
export async function drain(queue: JobQueue, options: DrainOptions): Promise<DrainSummary> {
  const clock = options.now ?? Date.now;
  const batch = options.batch ?? 25;
  const deadline = clock() + options.budgetMs;
  const total: DrainSummary = { batches: 0, claimed: 0, succeeded: 0, retried: 0, dead: 0, lost: 0 };
  while (clock() < deadline) {
    const summary = await queue.runDue({ limit: batch, now: clock() });
    total.batches++;
    total.claimed += summary.claimed;
    total.succeeded += summary.succeeded;
    total.retried += summary.retried;
    total.dead += summary.dead;
    total.lost += summary.lost;
    if (summary.claimed < batch) break;
  }
  return total;
}
