import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG, DIRS, HOST, logFile, PORTS, pidFile } from './paths.ts';
import { assertPortFree, portOpen } from './ports.ts';
import { isAlive, readPid, spawnDetached, stopPid, waitFor } from './process.ts';

export interface RedisInstance {
  name: string;
  dir: string;
  port: number;
  password: string;
}

export const redisUrl = (password: string, port: number = PORTS.redis) =>
  `redis://:${encodeURIComponent(password)}@${HOST}:${port}`;

/** The shared redis.conf plus the per-runner `--dir` and the generated auth include. */
export function redisArgs(inst: RedisInstance): string[] {
  const data = join(inst.dir, 'data');
  const auth = join(inst.dir, 'auth.conf');
  mkdirSync(data, { recursive: true, mode: 0o700 });
  writeFileSync(auth, `requirepass ${inst.password}\n`, { mode: 0o600 });
  const args = [CONFIG.redisConf, '--dir', data, '--include', auth];
  return inst.port === PORTS.redis ? args : [...args, '--port', String(inst.port)];
}

/** Starts one redis-server from the shared config; resolves once it accepts connections. */
export async function startRedisInstance(inst: RedisInstance): Promise<number> {
  const log = logFile(inst.name);
  // cwd in the state dir: the only trace of the checkout on a redis-server process (for collision messages).
  const pid = spawnDetached('redis-server', redisArgs(inst), {
    cwd: inst.dir,
    pidFile: pidFile(inst.name),
    logFile: log,
  });
  await waitFor(`redis on ${HOST}:${inst.port}`, () => portOpen(inst.port), {
    timeoutMs: 10_000,
    hint: `see ${log}`,
  });
  return pid;
}

export async function startRedis(password: string): Promise<'started' | 'reused'> {
  const inst = { name: 'redis', dir: DIRS.redis, port: PORTS.redis, password };
  if (isAlive(readPid(pidFile(inst.name))) && (await portOpen(inst.port))) return 'reused';
  await assertPortFree('redis', inst.port);
  await startRedisInstance(inst);
  return 'started';
}

export const stopRedis = (name = 'redis') => stopPid(pidFile(name));
