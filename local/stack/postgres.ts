import { chownSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG, DIRS, logFile, PG_BIN, PORTS } from './paths.ts';
import { ensureReadableBy, ownedDir } from './perms.ts';
import { assertPortFree } from './ports.ts';
import { run, StackError, userIds, waitFor } from './process.ts';
import type { Secrets } from './secrets.ts';
import { TLS } from './tls.ts';

const bin = (name: string) => join(PG_BIN, name);
const pgUser = () => userIds('postgres');

/** The private cluster's paths, passed with -c so postgresql.conf itself stays path-free. */
export function postgresOptions(): string[] {
  const quote = (v: string) => `'${v.replaceAll("'", "'\\''")}'`;
  return [
    ['config_file', CONFIG.postgresConf],
    ['hba_file', CONFIG.pgHba],
    ['ssl_cert_file', join(DIRS.pgTls, 'server.crt')],
    ['ssl_key_file', join(DIRS.pgTls, 'server.key')],
    ['ssl_ca_file', join(DIRS.pgTls, 'ca.crt')],
    ['unix_socket_directories', DIRS.pgSocket],
  ].flatMap(([k, v]) => ['-c', `${k}=${quote(v as string)}`]);
}

export function isPostgresRunning(): boolean {
  if (!existsSync(join(DIRS.pgData, 'PG_VERSION'))) return false;
  try {
    run(bin('pg_ctl'), ['status', '-D', DIRS.pgData], { as: pgUser() });
    return true;
  } catch {
    return false;
  }
}

function initCluster(fix: boolean): void {
  const as = pgUser();
  ownedDir(DIRS.pgData, as);
  ensureReadableBy('postgres', DIRS.pgData, fix);
  if (existsSync(join(DIRS.pgData, 'PG_VERSION'))) return;
  run(
    bin('initdb'),
    ['-D', DIRS.pgData, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8'],
    { as, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } },
  );
}

/** The server key must belong to the postgres user with mode 600: it gets its own copy. */
function installTls(): void {
  const as = pgUser();
  ownedDir(DIRS.pgTls, as);
  for (const [from, to] of [
    [TLS.cert, 'server.crt'],
    [TLS.key, 'server.key'],
    [TLS.caCert, 'ca.crt'],
  ] as const) {
    const dest = join(DIRS.pgTls, to);
    copyFileSync(from, dest);
    chownSync(dest, as.uid, as.gid);
  }
}

/** Starts the private cluster (initdb on first use) or reuses the running one. */
export async function startPostgres({ fix }: { fix: boolean }): Promise<'started' | 'reused'> {
  initCluster(fix);
  ensureReadableBy('postgres', CONFIG.postgresConf, fix);
  if (isPostgresRunning()) return 'reused';
  await assertPortFree('postgres', PORTS.postgres);
  installTls();
  const as = pgUser();
  ownedDir(DIRS.pgSocket, as);
  const log = logFile('postgres');
  mkdirSync(DIRS.log, { recursive: true });
  if (!existsSync(log)) writeFileSync(log, '');
  chownSync(log, as.uid, as.gid);
  try {
    run(
      bin('pg_ctl'),
      ['start', '-w', '-t', '60', '-D', DIRS.pgData, '-l', log, '-o', postgresOptions().join(' ')],
      {
        as,
      },
    );
  } catch (error) {
    throw new StackError(`PostgreSQL did not start; see ${log}\n${(error as Error).message}`);
  }
  await waitFor('postgres', () => isPostgresRunning(), { timeoutMs: 10_000 });
  return 'started';
}

/** Runs local/postgres/bootstrap.sql as superuser over the private socket. */
export function bootstrapDatabase(secrets: Secrets): void {
  run(
    bin('psql'),
    [
      '-X',
      '-q',
      '-h',
      DIRS.pgSocket,
      '-p',
      String(PORTS.postgres),
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-f',
      CONFIG.bootstrapSql,
    ],
    {
      env: {
        ...process.env,
        PGOPTIONS: '--client-min-messages=warning',
        SCIP_OWNER_PASSWORD: secrets.SCIP_OWNER_PASSWORD,
        APP_USER_PASSWORD: secrets.APP_USER_PASSWORD,
        APP_ADMIN_PASSWORD: secrets.APP_ADMIN_PASSWORD,
      },
    },
  );
}

export function stopPostgres(): boolean {
  if (!isPostgresRunning()) return false;
  run(bin('pg_ctl'), ['stop', '-w', '-t', '60', '-m', 'fast', '-D', DIRS.pgData], { as: pgUser() });
  return true;
}
