import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bridgeUrl, startBridgeInstance } from './bridge.ts';
import { DIRS, HOST, logFile, pidFile } from './paths.ts';
import { startPgbouncerInstance } from './pgbouncer.ts';
import { isAlive, readPid, stopPid } from './process.ts';
import { redisUrl, startRedisInstance } from './redis.ts';
import { ensureSecrets } from './secrets.ts';

/**
 * Private service instances for tests that need a dependency to go DOWN (e.g. /ready → 503) without
 * touching the shared stack. Each has its own port, pid file and data dir under `.local/private/`;
 * `stop()` takes it down, `start()` brings it back on the same port, `dispose()` stops it and deletes
 * its data. `npm run local:down` also stops any that a crashed test left behind.
 */
export interface PrivateInstance {
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function instance(
  name: string,
  port: number,
  url: string,
  boot: (dir: string) => Promise<unknown>,
): Promise<PrivateInstance> {
  const parent = join(DIRS.local, 'private');
  mkdirSync(parent, { recursive: true });
  chmodSync(parent, 0o755); // service users (postgres for PgBouncer) must reach their own subfolder
  const dir = join(parent, name);
  const handle: PrivateInstance = {
    port,
    url,
    async start() {
      if (!isAlive(readPid(pidFile(name)))) await boot(dir);
    },
    async stop() {
      await stopPid(pidFile(name), 5_000);
    },
    async dispose() {
      await handle.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(logFile(name), { force: true });
    },
  };
  rmSync(pidFile(name), { force: true }); // a pid file left by an earlier run on this port names no one now
  await handle.start();
  return handle;
}

/** A private redis-server from the shared redis.conf. `url` carries the password. */
export async function startPrivateRedis(
  opts: { port?: number } = {},
): Promise<PrivateInstance & { password: string }> {
  const port = opts.port ?? (await freePort());
  const password = randomBytes(16).toString('hex');
  const name = `private-redis-${port}`;
  const handle = await instance(name, port, redisUrl(password, port), (dir) =>
    startRedisInstance({ name, dir, port, password }),
  );
  return { ...handle, password };
}

/** A private Upstash REST bridge (H2's server) in front of `redisUrl`; `url` is the REST endpoint. */
export async function startPrivateBridge(opts: {
  redisUrl: string;
  token?: string;
  port?: number;
}): Promise<PrivateInstance & { token: string }> {
  const port = opts.port ?? (await freePort());
  const token = opts.token ?? randomBytes(24).toString('hex');
  const name = `private-bridge-${port}`;
  const handle = await instance(name, port, bridgeUrl(port), () =>
    startBridgeInstance({ name, port, redisUrl: opts.redisUrl, token }),
  );
  return { ...handle, token };
}

/**
 * A private PgBouncer in front of the shared PostgreSQL, from the shared pgbouncer.ini.
 * `url` is app_user's DATABASE_URL through it; `adminUrl` app_admin's.
 */
export async function startPrivatePgbouncer(
  opts: { port?: number } = {},
): Promise<PrivateInstance & { adminUrl: string }> {
  const port = opts.port ?? (await freePort());
  const secrets = ensureSecrets();
  const name = `private-pgbouncer-${port}`;
  const pg = (user: string, pw: string) =>
    `postgres://${user}:${encodeURIComponent(pw)}@${HOST}:${port}/scip`;
  const handle = await instance(name, port, pg('app_user', secrets.APP_USER_PASSWORD), (dir) =>
    startPgbouncerInstance(secrets, { name, dir, port }),
  );
  return { ...handle, adminUrl: pg('app_admin', secrets.APP_ADMIN_PASSWORD) };
}

/** Stops and deletes private instances whose tests died before `dispose()`; returns the names it stopped. */
export async function stopLeftoverPrivates(): Promise<string[]> {
  const names = existsSync(DIRS.run)
    ? readdirSync(DIRS.run)
        .filter((f) => f.startsWith('private-') && f.endsWith('.pid'))
        .map((f) => f.slice(0, -4))
    : [];
  const stopped: string[] = [];
  for (const name of names) {
    if (await stopPid(pidFile(name), 5_000)) stopped.push(name);
    rmSync(join(DIRS.local, 'private', name), { recursive: true, force: true });
  }
  return stopped;
}
