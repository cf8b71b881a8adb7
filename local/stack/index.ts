import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBridge, stopBridge } from './bridge.ts';
import { composeDown, composeUp, dockerAnswers, writeComposeFiles } from './compose.ts';
import { stackEnv, writeRuntimeEnv } from './env.ts';
import { ensureSystemPackages, installAllowed } from './install.ts';
import { withStackLock } from './lock.ts';
import { startMosquitto, stopMosquitto } from './mosquitto.ts';
import { DIRS } from './paths.ts';
import { startPgbouncer, stopPgbouncer } from './pgbouncer.ts';
import { bootstrapDatabase, isPostgresRunning, startPostgres, stopPostgres } from './postgres.ts';
import { stopLeftoverPrivates } from './private.ts';
import { redisUrl, startRedis, stopRedis } from './redis.ts';
import { ensureSecrets, type Secrets } from './secrets.ts';
import { ensureTls } from './tls.ts';

/** Which runner started the stack of this checkout (`native` or `compose`), so `down` stops that one. */
const MODE_FILE = join(DIRS.run, 'mode');

export { stackEnv } from './env.ts';
export { PORTS, ROOT } from './paths.ts';
export {
  freePort,
  type PrivateInstance,
  startPrivateBridge,
  startPrivatePgbouncer,
  startPrivateRedis,
} from './private.ts';
export { StackError } from './process.ts';
export type { Secrets } from './secrets.ts';

export interface UpOptions {
  /** May install missing Debian packages and fix directory search bits (CI, --install, SCIP_INSTALL=1). */
  install?: boolean;
  log?: (line: string) => void;
}

const defaultLog = (line: string) => console.error(`[stack] ${line}`);

/**
 * Starts every service of the native stack, or reuses the ones already running from this checkout.
 * Idempotent; safe to call from several processes (a lock serialises them).
 */
export function up(opts: UpOptions = {}): Promise<Record<string, string>> {
  const log = opts.log ?? defaultLog;
  const fix = opts.install ?? installAllowed();
  return withStackLock(async () => {
    const t0 = Date.now();
    const step = async (what: string, fn: () => unknown) => {
      const t = Date.now();
      const outcome = String((await fn()) ?? 'ok');
      log(`${what}: ${outcome} (${Date.now() - t} ms)`);
    };
    const secrets = ensureSecrets();
    await step('tls', ensureTls);
    // A native stack that already runs from this checkout wins over Docker appearing later.
    if (!isPostgresRunning() && dockerAnswers()) {
      await step('docker compose (docker-compose.local.yml)', () => composeUp(secrets));
      writeFileSync(MODE_FILE, 'compose\n');
      return finish(secrets, t0, log);
    }
    ensureSystemPackages(fix);
    await step('postgres :55432', () => startPostgres({ fix }));
    await step('bootstrap roles + database scip', () => bootstrapDatabase(secrets));
    await step('pgbouncer :56432', () => startPgbouncer(secrets));
    await step('redis :56379', () => startRedis(secrets.REDIS_PASSWORD));
    await step('upstash bridge :58079', () =>
      startBridge(redisUrl(secrets.REDIS_PASSWORD), secrets.UPSTASH_REDIS_REST_TOKEN),
    );
    await step('mosquitto :51883/:58883 + dynsec', () => startMosquitto(secrets, { fix }));
    writeFileSync(MODE_FILE, 'native\n');
    return finish(secrets, t0, log);
  });
}

function finish(secrets: Secrets, t0: number, log: (line: string) => void): Record<string, string> {
  const values = stackEnv(secrets);
  writeRuntimeEnv(values);
  log(`stack up in ${Date.now() - t0} ms`);
  return values;
}

/** Generates everything the stack needs on disk without starting it (for `docker compose` by hand). */
export function prepare(): void {
  const secrets = ensureSecrets();
  ensureTls();
  writeComposeFiles(secrets);
}

/** Stops every service this checkout started; data stays under `.local/`. */
export function down(log = defaultLog): Promise<void> {
  return withStackLock(async () => {
    if (existsSync(MODE_FILE) && readFileSync(MODE_FILE, 'utf8').trim() === 'compose') {
      composeDown();
      log('docker compose: stopped');
      return;
    }
    log(`mosquitto: ${(await stopMosquitto()) ? 'stopped' : 'not running'}`);
    log(`upstash bridge: ${(await stopBridge()) ? 'stopped' : 'not running'}`);
    log(`redis: ${(await stopRedis()) ? 'stopped' : 'not running'}`);
    log(`pgbouncer: ${(await stopPgbouncer()) ? 'stopped' : 'not running'}`);
    log(`postgres: ${stopPostgres() ? 'stopped' : 'not running'}`);
    for (const name of await stopLeftoverPrivates()) log(`${name}: stopped (left behind by a test)`);
  });
}

/** The stack's settings (secrets are generated if this checkout has none yet); also writes runtime.env. */
export function env(): Record<string, string> {
  const secrets: Secrets = ensureSecrets();
  const values = stackEnv(secrets);
  writeRuntimeEnv(values);
  return values;
}
