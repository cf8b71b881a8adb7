import { chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { CONFIG, DIRS, HOST, logFile, PORTS, pidFile } from './paths.ts';
import { ownedDir } from './perms.ts';
import { assertPortFree, portOpen } from './ports.ts';
import { isAlive, readPid, StackError, spawnDetached, stopPid, userIds, waitFor } from './process.ts';
import { writeRenderedConfig } from './render.ts';
import type { Secrets } from './secrets.ts';

/** Native rewrite of the ini's container paths (see render.ts). */
export const pgbouncerReplacements = (dir: string) => [['/etc/pgbouncer/', `${dir}/`]] as const;

/** `"user" "password"` lines; PgBouncer derives SCRAM from the plain password (file mode 600). */
export function userlist(secrets: Secrets): string {
  return [
    ['app_user', secrets.APP_USER_PASSWORD],
    ['app_admin', secrets.APP_ADMIN_PASSWORD],
    ['scip_owner', secrets.SCIP_OWNER_PASSWORD],
  ]
    .map(([user, password]) => `"${user}" "${password}"`)
    .join('\n')
    .concat('\n');
}

export interface PgbouncerInstance {
  name: string;
  dir: string;
  port: number;
}

/** Writes config + user list into `dir` and starts PgBouncer as the postgres user (it refuses root). */
export async function startPgbouncerInstance(secrets: Secrets, inst: PgbouncerInstance): Promise<number> {
  const as = userIds('postgres');
  ownedDir(inst.dir, as, 0o700);
  const ini = join(inst.dir, 'pgbouncer.ini');
  writeRenderedConfig(CONFIG.pgbouncerIni, ini, [
    ...pgbouncerReplacements(inst.dir),
    ['listen_port = 56432', `listen_port = ${inst.port}`],
  ]);
  const list = join(inst.dir, 'userlist.txt');
  writeFileSync(list, userlist(secrets), { mode: 0o600 });
  chownSync(ini, as.uid, as.gid);
  chownSync(list, as.uid, as.gid);
  const log = logFile(inst.name);
  const pid = spawnDetached('/usr/sbin/pgbouncer', [ini], { as, pidFile: pidFile(inst.name), logFile: log });
  await waitFor(`pgbouncer on ${HOST}:${inst.port}`, () => portOpen(inst.port), {
    timeoutMs: 10_000,
    hint: `see ${log}`,
  });
  return pid;
}

/** One query as app_user through the pooler: proves the user list, SCRAM and the route to PostgreSQL. */
async function verify(secrets: Secrets, port: number): Promise<void> {
  const url = `postgres://app_user:${encodeURIComponent(secrets.APP_USER_PASSWORD)}@${HOST}:${port}/scip`;
  const sql = postgres(url, { max: 1, prepare: false, connect_timeout: 5, onnotice: () => undefined });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new StackError(`pgbouncer :${port} does not let app_user in: ${(error as Error).message}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function startPgbouncer(secrets: Secrets): Promise<'started' | 'reused'> {
  const inst = { name: 'pgbouncer', dir: DIRS.pgbouncer, port: PORTS.pgbouncer };
  let outcome: 'started' | 'reused' = 'reused';
  if (!(isAlive(readPid(pidFile(inst.name))) && (await portOpen(inst.port)))) {
    await assertPortFree('pgbouncer', inst.port);
    await startPgbouncerInstance(secrets, inst);
    outcome = 'started';
  }
  await verify(secrets, inst.port);
  return outcome;
}

export const stopPgbouncer = (name = 'pgbouncer') => stopPid(pidFile(name));
