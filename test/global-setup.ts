import { up } from '../local/stack/index.ts';
import { runMigrations } from '../local/stack/migrations.ts';

/**
 * vitest globalSetup: starts (or reuses) the real local stack, applies migrations, and puts the stack's
 * settings into process.env, which the forked test workers inherit — so `useEnv()` just works in tests.
 * Variables already set by the caller win (e.g. a DATABASE_URL pointing elsewhere).
 */
export default async function setup(): Promise<void> {
  process.env.NODE_ENV ??= 'test';
  process.env.LOG_LEVEL ??= 'silent';
  const quiet = process.env.SCIP_STACK_QUIET === '1';
  const log = (line: string) => {
    if (!quiet) console.error(`[stack] ${line}`);
  };
  const values = await up({ log });
  for (const [key, value] of Object.entries(values)) process.env[key] ??= value;
  await runMigrations(process.env.DATABASE_OWNER_URL as string, log);
}
