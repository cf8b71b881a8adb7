import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PG_BIN } from './paths.ts';
import { StackError } from './process.ts';

/** Executable → Debian package that provides it. `optional` ones only warn (the stack runs without). */
const REQUIRED = [
  { bin: join(PG_BIN, 'initdb'), pkg: 'postgresql-15' },
  { bin: '/usr/bin/psql', pkg: 'postgresql-client-15' },
  { bin: '/usr/sbin/pgbouncer', pkg: 'pgbouncer' },
  { bin: '/usr/bin/redis-server', pkg: 'redis-server' },
  { bin: '/usr/sbin/mosquitto', pkg: 'mosquitto' },
  { bin: '/usr/bin/mosquitto_ctrl', pkg: 'mosquitto-clients' },
  { bin: '/usr/bin/openssl', pkg: 'openssl' },
] as const;
const OPTIONAL = [{ bin: '/usr/bin/chromium', pkg: 'chromium', why: 'the /docs browser test' }] as const;

export const INSTALL_PACKAGES = [
  'postgresql-15',
  'pgbouncer',
  'redis-server',
  'mosquitto',
  'mosquitto-clients',
  'chromium',
];

export function installCommand(pkgs: readonly string[]): string {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
}

/** Whether we may install system packages: CI, `--install`, or SCIP_INSTALL=1. */
export function installAllowed(argv: readonly string[] = process.argv): boolean {
  return process.env.CI === 'true' || process.env.SCIP_INSTALL === '1' || argv.includes('--install');
}

/**
 * Checks the system packages the native stack needs. Missing ones are installed only when allowed;
 * otherwise the exact command is printed and we stop, so nobody's machine changes by surprise.
 */
export function ensureSystemPackages(allowed: boolean, exists: (path: string) => boolean = existsSync): void {
  const missing = REQUIRED.filter((r) => !exists(r.bin)).map((r) => r.pkg);
  const optional = OPTIONAL.filter((r) => !exists(r.bin));
  if (allowed && missing.length + optional.length > 0) {
    const pkgs = [...new Set([...missing, ...optional.map((o) => o.pkg)])];
    console.error(`[stack] installing ${pkgs.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env,
    });
    return;
  }
  for (const o of optional) console.error(`[stack] note: ${o.bin} missing (${o.pkg}, needed by ${o.why})`);
  if (missing.length === 0) return;
  throw new StackError(
    `missing system packages: ${missing.join(' ')}\n` +
      `Install them with:\n  ${installCommand(missing)}\n` +
      'or run `npm run local:up -- --install` (or SCIP_INSTALL=1) to let the stack install them.',
  );
}
