import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEnv } from '@scip/config';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import type { Sql } from './sql.ts';
import { asOrg, dropDatabase } from './test-support/index.ts';

// scripts/backup: two organizations in a throwaway database → backup → restore into a fresh one →
// same rows, same policies, RLS still forced and still isolating, audit chains still verify.
const ROOT = join(import.meta.dirname, '../../..');
const localSuperuser = existsSync(join(ROOT, '.local/run/pg')) || Boolean(process.env.PG_ADMIN_URL);
const suffix = randomBytes(4).toString('hex');
const source = `scip_bk_src_${suffix}`;
const target = `scip_bk_dst_${suffix}`;

/** A role's URL pointed straight at PostgreSQL (not the pooler: it only knows `scip`) and `db`. */
function direct(url: string, db: string): string {
  const owner = new URL(useEnv().DATABASE_OWNER_URL as string);
  const u = new URL(url);
  u.host = owner.host;
  u.pathname = `/${db}`;
  return u.toString();
}
const pool = (url: string, db: string) =>
  postgres(direct(url, db), { max: 1, prepare: false, onnotice: () => {} });

function script(name: string, ...args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(join(ROOT, 'scripts/backup', name), args, { timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${name}: ${stderr || error.message}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

let owner: Sql;
let dir: string;
const orgs: Record<'a' | 'b', string> = { a: '', b: '' };

async function snapshot(db: string) {
  const sql = pool(useEnv().DATABASE_ADMIN_URL as string, db);
  try {
    const counts = await asOrg(
      sql as unknown as Sql,
      undefined,
      (tx) => tx`
      select (select count(*)::int from app.organizations) as orgs, (select count(*)::int from app.users) as users,
             (select count(*)::int from app.organization_settings) as settings,
             (select count(*)::int from audit.log) as audit`,
    );
    const policies = await sql`
      select c.relname, p.polname, c.relforcerowsecurity as forced from pg_policy p join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('app', 'audit') order by 1, 2`;
    return { counts: counts[0], policies: [...policies] };
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  if (!localSuperuser) return;
  owner = postgres(useEnv().DATABASE_OWNER_URL as string, { max: 1, onnotice: () => {} }) as unknown as Sql;
  await owner.unsafe(`create database ${source}`);
  await migrate({ url: direct(useEnv().DATABASE_OWNER_URL as string, source) });
  const admin = pool(useEnv().DATABASE_ADMIN_URL as string, source) as unknown as Sql;
  try {
    for (const key of ['a', 'b'] as const) {
      const [org] = await asOrg(
        admin,
        undefined,
        (tx) => tx`
        insert into app.organizations (slug, name) values (${`bk-${key}`}, ${`Backup ${key}`}) returning id`,
      );
      orgs[key] = org?.id as string;
      await asOrg(
        admin,
        orgs[key],
        (tx) => tx`
        insert into app.users (email, role) select 'u' || g || '@bk.test', 'member' from generate_series(1, ${key === 'a' ? 3 : 5}) g`,
      );
      await asOrg(
        admin,
        orgs[key],
        (tx) => tx`insert into app.organization_settings (key, value) values ('k', '1')`,
      );
    }
  } finally {
    await admin.end();
  }
  dir = await mkdtemp(join(tmpdir(), 'scip-backup-'));
});

afterAll(async () => {
  if (!localSuperuser) return;
  await dropDatabase(owner, source);
  await dropDatabase(owner, target);
  await owner.end();
  await rm(dir, { recursive: true, force: true });
});

const title = localSuperuser
  ? 'backup and restore'
  : 'backup and restore (skipped: no superuser, neither the local stack socket nor PG_ADMIN_URL)';
describe.skipIf(!localSuperuser)(title, () => {
  it('restores rows, policies and forced RLS into a fresh database, and RLS still isolates', async () => {
    const backup = await script('backup.sh', source, dir);
    expect(backup.bytes).toBeGreaterThan(1000);
    expect(await script('restore.sh', backup.dump as string, target, backup.roles as string)).toEqual({
      database: target,
      restored: true,
    });

    const before = await snapshot(source);
    const after = await snapshot(target);
    expect(before.counts).toEqual({ orgs: 2, users: 8, settings: 2, audit: 12 });
    expect(after).toEqual(before);
    expect(after.policies.every((p) => p.forced)).toBe(true);

    const app = pool(useEnv().DATABASE_URL, target) as unknown as Sql;
    try {
      const seen = await asOrg(app, orgs.a, (tx) => tx`select distinct organization_id from app.users`);
      expect(seen.map((r) => r.organization_id)).toEqual([orgs.a]);
      expect(await asOrg(app, undefined, (tx) => tx`select id from app.users`)).toHaveLength(0);
      for (const id of [orgs.a, orgs.b]) {
        const [chain] = await asOrg(
          app,
          id,
          (tx) => tx`select ok, checked::int from audit.verify_chain(${id})`,
        );
        expect(chain).toEqual({ ok: true, checked: id === orgs.a ? 5 : 7 });
      }
    } finally {
      await app.end();
    }
    await expect(script('restore.sh', backup.dump as string, target)).rejects.toThrow(/already_exists/);
  });
});
