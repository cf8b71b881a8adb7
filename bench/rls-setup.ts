/** Throwaway database and tables for bench/rls.ts (shaped like tenant tables, loaded in bulk). */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrate } from '../packages/db/src/migrate.ts';

export type Pg = postgres.Sql;

export interface BenchDb {
  name: string;
  owner: Pg;
  app: Pg;
  drop(): Promise<void>;
}

/** A URL pointed straight at PostgreSQL (both roles direct, so both paths have the same hops). */
function direct(url: string, host: string, db: string): string {
  const u = new URL(url);
  u.host = host;
  u.pathname = `/${db}`;
  return u.toString();
}

export async function createBenchDb(ownerUrl: string, appUrl: string): Promise<BenchDb> {
  const name = `scip_bench_rls_${randomBytes(4).toString('hex')}`;
  const host = new URL(ownerUrl).host;
  const admin = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await migrate({ url: direct(ownerUrl, host, name) });
  const opts = { max: 8, prepare: false, onnotice: () => {} } as const;
  const owner = postgres(direct(ownerUrl, host, name), opts);
  const app = postgres(direct(appUrl, host, name), opts);
  return {
    name,
    owner,
    app,
    async drop() {
      await Promise.all([owner.end(), app.end()]);
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/** DROP ... WITH (FORCE) may only end the owner's own sessions: wait for the app role's to exit. */
export async function dropDatabase(admin: Pg, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const TENANT_COLUMNS = `
  id uuid PRIMARY KEY DEFAULT app.uuid_generate_v7(),
  organization_id uuid NOT NULL DEFAULT app.current_org_id(),
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active',
  payload jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz`;

/** bench.items: `rows` rows over `orgs` organizations, forced RLS like every tenant table. */
export async function loadItems(owner: Pg, rows: number, orgs: number): Promise<string[]> {
  await owner.unsafe(`create schema bench; grant usage on schema bench to app_user`);
  await owner.unsafe(`create table bench.orgs (id uuid primary key)`);
  await owner`insert into bench.orgs select gen_random_uuid() from generate_series(1, ${orgs})`;
  await owner.unsafe(`create table bench.items (${TENANT_COLUMNS})`);
  const perOrg = Math.ceil(rows / orgs);
  await owner.unsafe(`
    insert into bench.items (organization_id, name, status, payload, created_at, updated_at)
    select o.id, 'item ' || g, case when g % 10 = 0 then 'archived' else 'active' end,
           jsonb_build_object('n', g, 'tags', jsonb_build_array('a', 'b')),
           now() - make_interval(secs => g), now()
    from (select id from bench.orgs) o, generate_series(1, ${perOrg}) g`);
  await owner.unsafe(`
    create index items_org_created_idx on bench.items (organization_id, created_at desc) where deleted_at is null;
    alter table bench.items enable row level security, force row level security;
    create policy tenant_isolation on bench.items
      using (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid))
      with check (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid));
    grant select on bench.items to app_user;
    -- The baseline: the owner reads the same table with no effective policy (x OR true folds to true),
    -- so the two modes can alternate query by query without toggling FORCE.
    create policy bench_owner_baseline on bench.items to current_user using (true)`);
  await owner.unsafe('vacuum analyze bench.items');
  return (await owner<{ id: string }[]>`select id from bench.orgs`).map((r) => r.id);
}

/** Two identical write targets: both forced RLS + audit-field trigger; only `audited` has the audit trigger. */
export async function createWriteTables(owner: Pg): Promise<void> {
  for (const t of ['writes_audited', 'writes_plain']) {
    await owner.unsafe(`create table bench.${t} (${TENANT_COLUMNS});
      create index ${t}_org_idx on bench.${t} (organization_id, created_at);
      grant select, insert on bench.${t} to app_user`);
  }
  await owner.unsafe(`call app.secure_tenant_table('bench.writes_audited')`);
  await owner.unsafe(`
    alter table bench.writes_plain enable row level security, force row level security;
    create policy tenant_isolation on bench.writes_plain
      using (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid))
      with check (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid));
    create trigger touch before insert or update on bench.writes_plain for each row execute function app.touch()`);
}
