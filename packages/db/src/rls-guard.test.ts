import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRlsViolations } from './rls-guard.ts';
import type { Sql } from './sql.ts';
import { ownerPool } from './test-support/index.ts';

let owner: Sql;
let ownerName: string;

beforeAll(async () => {
  owner = ownerPool(1);
  ownerName = (await owner`select current_user as u`)[0]?.u as string;
});
afterAll(async () => {
  await owner.end();
});

describe('RLS guard', () => {
  it('every table of the application schemas is forced-RLS, policed, indexed and owner-owned', async () => {
    expect(await findRlsViolations(owner, ownerName)).toEqual([]);
  });

  it('catches a tenant table added without RLS, an organization_id index or a foreign-key index', async () => {
    const violations = await owner
      .begin(async (tx) => {
        await tx`create table app.guard_probe (id uuid primary key, organization_id uuid not null references app.organizations (id))`;
        const found = (await findRlsViolations(tx as unknown as Sql, ownerName)).filter(
          (v) => v.object === 'app.guard_probe',
        );
        throw Object.assign(new Error('rollback'), { found });
      })
      .catch((e: { found?: unknown }) => e.found);
    expect(violations).toEqual([
      {
        object: 'app.guard_probe',
        problem: 'foreign key guard_probe_organization_id_fkey has no index leading with its columns',
      },
      { object: 'app.guard_probe', problem: 'has no policy' },
      { object: 'app.guard_probe', problem: 'row level security is not enabled' },
      { object: 'app.guard_probe', problem: 'row level security is not forced' },
      { object: 'app.guard_probe', problem: 'tenant table without a policy on app.org_id' },
      { object: 'app.guard_probe', problem: 'tenant table without an index leading with organization_id' },
    ]);
  });
});
