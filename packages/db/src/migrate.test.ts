import { randomBytes } from 'node:crypto';
import { useEnv } from '@scip/config';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationStatus } from './migrate.ts';
import type { Sql } from './sql.ts';
import { dropDatabase } from './test-support/index.ts';

// Runs every migration up, all the way down, and up again on a throwaway database.
const ownerUrl = () => {
  const url = useEnv().DATABASE_OWNER_URL;
  if (!url) throw new Error('DATABASE_OWNER_URL is not set');
  return url;
};
const dbName = `scip_migrate_${randomBytes(4).toString('hex')}`;
const fresh = () => {
  const url = new URL(ownerUrl());
  url.pathname = `/${dbName}`;
  return url.toString();
};
let owner: postgres.Sql;

async function objects(url: string): Promise<{ tables: number; functions: number; schemas: string[] }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`
      select (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname in ('app', 'audit') and c.relkind in ('r', 'p')) as tables,
             (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname in ('app', 'audit')) as functions,
             (select coalesce(array_agg(nspname order by nspname), '{}') from pg_namespace
              where nspname in ('app', 'audit')) as schemas`;
    return row as { tables: number; functions: number; schemas: string[] };
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  owner = postgres(ownerUrl(), { max: 1, onnotice: () => {} });
  await owner.unsafe(`create database ${dbName}`);
});
afterAll(async () => {
  await dropDatabase(owner as unknown as Sql, dbName);
  await owner.end();
});

describe('migrations', () => {
  it('go up, all the way down, and up again on a fresh database', async () => {
    const files = (await migrationStatus(fresh())).map((m) => m.name);
    expect(files[0]).toBe('0001_foundation');

    expect(await migrate({ url: fresh(), direction: 'up' })).toEqual(files);
    const up = await objects(fresh());
    expect(up.schemas).toEqual(['app', 'audit']);
    expect(up.tables).toBeGreaterThanOrEqual(8 + 8 + 2);
    expect((await migrationStatus(fresh())).every((m) => m.applied)).toBe(true);

    const down = await migrate({ url: fresh(), direction: 'down', count: Number.POSITIVE_INFINITY });
    expect(down).toEqual([...files].reverse());
    expect(await objects(fresh())).toEqual({ tables: 0, functions: 0, schemas: [] });

    expect(await migrate({ url: fresh(), direction: 'up' })).toEqual(files);
    expect(await objects(fresh())).toEqual(up);
  });

  it('a second run has nothing to do; rollback of one undoes the latest', async () => {
    expect(await migrate({ url: fresh(), direction: 'up' })).toEqual([]);
    const status = await migrationStatus(fresh());
    const last = status[status.length - 1]?.name;
    expect(await migrate({ url: fresh(), direction: 'down' })).toEqual([last]);
    expect(await migrate({ url: fresh(), direction: 'up' })).toEqual([last]);
  });

  it('concurrent runners wait for each other (advisory lock): everything is applied exactly once', async () => {
    await migrate({ url: fresh(), direction: 'down', count: Number.POSITIVE_INFINITY });
    const files = (await migrationStatus(fresh())).map((m) => m.name);
    const [first, second] = await Promise.all([
      migrate({ url: fresh(), direction: 'up' }),
      migrate({ url: fresh(), direction: 'up' }),
    ]);
    expect([...(first ?? []), ...(second ?? [])].sort()).toEqual(files);
    expect((await migrationStatus(fresh())).every((m) => m.applied)).toBe(true);
  });
});
