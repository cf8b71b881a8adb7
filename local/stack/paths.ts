import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: every path of the stack hangs off it, so two checkouts never share state. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Fixed host ports of the local stack (the machine's own 5432/6379/1883 are never used). */
export const PORTS = {
  postgres: 55432,
  pgbouncer: 56432,
  redis: 56379,
  bridge: 58079,
  mqtt: 51883,
  mqtts: 58883,
} as const;

export type ServiceName = keyof typeof PORTS;

export const HOST = '127.0.0.1';
export const PG_BIN = '/usr/lib/postgresql/15/bin';

const local = join(ROOT, '.local');

/** Everything the stack writes lives under `.local/` (ignored by git). */
export const DIRS = {
  local,
  run: join(local, 'run'),
  log: join(local, 'log'),
  tls: join(local, 'tls'),
  pgData: join(local, 'pg'),
  pgSocket: join(local, 'run', 'pg'),
  pgTls: join(local, 'pg-tls'),
  pgbouncer: join(local, 'pgbouncer'),
  redis: join(local, 'redis'),
  mosquitto: join(local, 'mosquitto'),
} as const;

/** Source config files, shared by the native processes and docker-compose.local.yml. */
export const CONFIG = {
  postgresConf: join(ROOT, 'local/postgres/postgresql.conf'),
  pgHba: join(ROOT, 'local/postgres/pg_hba.conf'),
  bootstrapSql: join(ROOT, 'local/postgres/bootstrap.sql'),
  pgbouncerIni: join(ROOT, 'local/pgbouncer/pgbouncer.ini'),
  redisConf: join(ROOT, 'local/redis/redis.conf'),
  mosquittoConf: join(ROOT, 'local/mosquitto/mosquitto.conf'),
  bridgeServer: join(ROOT, 'local/upstash-bridge/server.ts'),
} as const;

export const SECRETS_FILE = join(local, 'secrets.env');
export const RUNTIME_ENV_FILE = join(local, 'runtime.env');

export const pidFile = (name: string): string => join(DIRS.run, `${name}.pid`);
export const logFile = (name: string): string => join(DIRS.log, `${name}.log`);

/** Where the native broker writes its log (`log_dest file /mosquitto/log/mosquitto.log`, rewritten). */
export const MOSQUITTO_LOG_FILE = join(DIRS.mosquitto, 'log', 'mosquitto.log');
