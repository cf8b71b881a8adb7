import { pathToFileURL } from 'node:url';
import { useLogger } from '@scip/http';
import { Jobs } from '@scip/kv';
import type { DrainSummary } from './drain.ts';
import { createJobsHandler } from './runner.ts';

export interface Worker {
  stop(): Promise<void>;
}

/**
 * The job runner as a long-lived process, for where no EventBridge schedule exists (`npm run local`,
 * a container). Runs `run` every `intervalMs`, never two at once; `stop()` waits for the one in flight.
 */
export function startWorker(run: () => Promise<DrainSummary>, intervalMs = 5_000): Worker {
  let current: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    current = run()
      .catch((error: unknown) => useLogger().error({ err: error }, 'job run failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

// `npx tsx functions/jobs/worker.ts` — drains the default queue every JOBS_INTERVAL_MS (5000).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await import('./index.ts');
  const handler = createJobsHandler(Jobs);
  const worker = startWorker(() => handler(), Number(process.env.JOBS_INTERVAL_MS ?? 5_000));
  useLogger().info({ types: Jobs.types() }, 'job worker started');
  const stop = () => {
    worker.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
