import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.ts';

type Migrate = (opts: { url: string; direction: 'up' | 'down'; count?: number }) => Promise<unknown>;

/**
 * Applies migrations with `migrate` from `@scip/db` (H4's runner) as the owner role.
 * Loaded dynamically so the stack works before the data layer exists; returns false when skipped.
 */
export async function runMigrations(ownerUrl: string, log: (line: string) => void): Promise<boolean> {
  if (!existsSync(join(ROOT, 'packages/db/src/index.ts'))) {
    log('warning: packages/db/src/index.ts not found; migrations skipped');
    return false;
  }
  const specifier = '@scip/db';
  const mod = (await import(specifier)) as { migrate?: Migrate };
  if (typeof mod.migrate !== 'function') {
    log('warning: @scip/db exports no migrate(); migrations skipped');
    return false;
  }
  const t = Date.now();
  await mod.migrate({ url: ownerUrl, direction: 'up' });
  log(`migrations applied (${Date.now() - t} ms)`);
  return true;
}
