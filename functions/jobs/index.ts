import { withActor } from '@scip/context';
import { useLogger } from '@scip/http';
import { Jobs } from '@scip/kv';
import type { Context } from 'aws-lambda';
import { type DrainSummary, drain } from './drain.ts';

// Leave room before the Lambda timeout (55 s, infra/jobs.ts) for the batch in flight to finish.
const SAFETY_MARGIN_MS = 15_000;
const DEFAULT_BUDGET_MS = 40_000;

/**
 * The job runner: an EventBridge schedule (every minute) invokes it; it drains the default queue as
 * the system actor, so handlers run with an explicit, audited identity rather than none.
 * Job types are registered on `Jobs` by the packages that own them, imported by this function.
 */
export const handler = async (_event?: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const budgetMs = context ? context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS : DEFAULT_BUDGET_MS;
  return withActor({ type: 'system', reason: 'jobs' }, async (): Promise<DrainSummary> => {
    const summary = await drain(Jobs, { budgetMs: Math.max(1_000, budgetMs) });
    if (summary.claimed > 0) useLogger().info({ jobs: summary }, 'jobs run');
    return summary;
  });
};
