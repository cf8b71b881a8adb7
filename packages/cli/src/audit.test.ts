import { Audit } from '@scip/core';
import type { Sql } from '@scip/db';
import { adminPool, ownerPool } from '@scip/db/test-support/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from './test-support/run.ts';

let adminSql: Sql;
let owner: Sql;
beforeAll(async () => {
  adminSql = adminPool(1);
  owner = ownerPool(1);
});
afterAll(async () => {
  await Promise.all([adminSql.end(), owner.end()]);
});

// Each call starts a Node process (~1–4 s on a loaded machine), hence the generous per-test timeout.
describe('npm run admin -- audit verify --chain platform', { timeout: 120_000 }, () => {
  it('verifies the chain of events that name no organization, and names a tampered row', async () => {
    // an event with no organization context lands in the platform chain
    const [event] = await adminSql<{ id: string }[]>`
      select audit.record_event('test.platform_chain', 'info', '{"probe": true}'::jsonb) as id`;
    const [row] = await adminSql<{ organization_id: string }[]>`
      select organization_id from audit.log where id = ${event?.id as string}`;
    expect(row?.organization_id).toBe(Audit.PLATFORM_CHAIN);

    const ok = await admin('audit', 'verify', '--chain', 'platform');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatchObject({ ok: true });
    expect((ok.out as { checked: number }).checked).toBeGreaterThanOrEqual(1);

    const tamper = (severity: string) =>
      owner.begin(async (tx) => {
        await tx`alter table audit.log no force row level security`;
        await tx`update audit.log set severity = ${severity} where id = ${event?.id as string}`;
        await tx`alter table audit.log force row level security`;
      });
    await tamper('critical');
    try {
      const bad = await admin('audit', 'verify', '--chain', 'platform');
      expect(bad.code).toBe(1);
      expect(bad.out).toMatchObject({ ok: false, first_bad_id: event?.id });
    } finally {
      await tamper('info'); // the shared platform chain must stay verifiable for everyone else
    }
    expect((await admin('audit', 'verify', '--chain', 'platform')).code).toBe(0);
  });

  it('takes exactly one of --org and --chain platform', async () => {
    for (const args of [
      ['audit', 'verify'],
      ['audit', 'verify', '--chain', 'everything'],
      ['audit', 'verify', '--chain', 'platform', '--org', 'acme'],
    ]) {
      expect(await admin(...args)).toMatchObject({ code: 1, err: { error: { code: 'validation_failed' } } });
    }
  });
});
