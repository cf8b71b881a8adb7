import { up } from './index.ts';
import { runMigrations } from './migrations.ts';

const SCHEDULE_MS = 60_000; // infra/jobs.ts runs both every minute in AWS

/**
 * `npm run local`: stack up (reused when running), migrations, the stack's settings as environment
 * (variables already set win), then every function on one local server, plus the scheduled work
 * that EventBridge runs in AWS (job queue drain, realtime expiry sweep). Ctrl-C stops the server only.
 */
export async function serve(): Promise<void> {
  const log = (line: string) => console.error(`[local] ${line}`);
  const values = await up();
  for (const [k, v] of Object.entries(values)) process.env[k] ??= v;
  await runMigrations(process.env.DATABASE_OWNER_URL as string, log);
  // Imported only now: function modules may read the environment when they load.
  const { startLocalServer } = await import('../server.ts');
  const { handler: runJobs } = await import('../../functions/jobs/index.ts');
  const { runSweep } = await import('../../functions/realtime/index.ts');
  const server = await startLocalServer({ port: Number(process.env.PORT ?? 3000) });

  const scheduled = (name: string, fn: () => Promise<unknown>) =>
    setInterval(
      () => fn().catch((error: unknown) => log(`${name} failed: ${(error as Error).message}`)),
      SCHEDULE_MS,
    );
  const timers = [scheduled('jobs', () => runJobs()), scheduled('realtime sweep', () => runSweep())];

  console.log(`SCIP local API: ${server.url}  (docs ${server.url}/docs)`);
  log('Ctrl-C stops the server; the stack keeps running (npm run local:down stops it)');
  const stop = () => {
    for (const timer of timers) clearInterval(timer);
    server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
