import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from './sql.ts';
import { adminPool, appPool, asOrg, createTestOrg, type TestOrg } from './test-support/index.ts';

// One client connection (pool max 1) through PgBouncer in transaction mode: hundreds of concurrent,
// interleaved transactions for two organizations (and none) must never see each other's rows or context.
let single: Sql;
let admin: Sql;
let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  single = appPool(1);
  admin = adminPool(1);
  a = await createTestOrg(admin, 'leak-a');
  b = await createTestOrg(admin, 'leak-b');
  // Give B more users than A so a leaked context would also show in the counts.
  await asOrg(
    admin,
    b.id,
    (tx) => tx`
    insert into app.users (email, role) select 'u' || g || '@b.test', 'member' from generate_series(1, 3) g`,
  );
});
afterAll(async () => {
  await Promise.all([single.end(), admin.end()]);
});

describe('no leak across pooled transactions', () => {
  it('400 interleaved concurrent transactions each see only their own organization', async () => {
    const expected = new Map([
      [a.id, 1],
      [b.id, 4],
      ['', 0],
    ]);
    const runs = Array.from({ length: 400 }, async (_, i) => {
      const orgId = i % 5 === 4 ? undefined : i % 2 === 0 ? a.id : b.id;
      const seen = await asOrg(single, orgId, async (tx) => {
        const users = await tx`select organization_id from app.users`;
        const [ctx] = await tx`select current_setting('app.org_id', true) as org`;
        return {
          orgs: [...new Set(users.map((u) => u.organization_id as string))],
          count: users.length,
          ctx: ctx?.org,
        };
      });
      // Straight after the transaction, on the same client connection: no context survives.
      const [after] = await single`select coalesce(current_setting('app.org_id', true), '') as org`;
      return { orgId: orgId ?? '', seen, after: after?.org as string };
    });
    const results = await Promise.all(runs);
    for (const r of results) {
      expect(r.seen.ctx).toBe(r.orgId);
      expect(r.seen.orgs).toEqual(r.orgId ? [r.orgId] : []);
      expect(r.seen.count).toBe(expected.get(r.orgId));
      expect(r.after).toBe('');
    }
    expect(results.filter((r) => r.orgId === a.id)).toHaveLength(160);
    expect(results.filter((r) => r.orgId === b.id)).toHaveLength(160);
  });

  it('a failed transaction leaves no context behind either', async () => {
    await expect(asOrg(single, a.id, (tx) => tx`select 1/0`)).rejects.toMatchObject({ code: '22012' });
    const [after] = await single`select coalesce(current_setting('app.org_id', true), '') as org`;
    expect(after?.org).toBe('');
  });
});
