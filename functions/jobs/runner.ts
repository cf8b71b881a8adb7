import { withActor } from '@scip/context';
import { useLogger } from '@scip/http';
import type { JobQueue } from '@scip/kv';
import type { Context } from 'aws-lambda';
import { type DrainSummary, drain } from './drain.ts';

// Leave room before the Lambda timeout (55 s, infra/jobs.ts) for the batch in flight to finish.
const SAFETY_MARGIN_MS = 15_000;
const DEFAULT_BUDGET_MS = 40_000;

/**
 * A scheduled-function handler that drains `queue` as the system actor, so job handlers run with an
 * explicit identity (audit rows name it) rather than none, within the invocation's time budget.
 */
export function createJobsHandler(queue: JobQueue) {
  return async function runJobs(
    _event?: unknown,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<DrainSummary> {
    const budgetMs = context ? context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS : DEFAULT_BUDGET_MS;
    return withActor({ type: 'system', reason: 'jobs' }, async () => {
      const summary = await drain(queue, { budgetMs: Math.max(1_000, budgetMs) });
      if (summary.claimed > 0) useLogger().info({ jobs: summary }, 'jobs run');
      return summary;
    });
  };
}
