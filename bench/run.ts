/**
 * `npm run bench -- <name> [flags]`: runs bench/<name>.ts with the flags it documents at its top.
 * Benchmarks compare within one run (ratios); they never assert, and tests never time anything.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const HELPERS = new Set(['run', 'http-server', 'rls-setup']);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .filter((n) => !HELPERS.has(n));

const [name, ...flags] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [flags]`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`), ...flags], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
