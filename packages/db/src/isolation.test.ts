import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from './sql.ts';
import { adminPool, appPool, asOrg, createTestOrg, type TestOrg } from './test-support/index.ts';
import { type TenantTable, tenantTables } from './test-support/tenant-tables.ts';

// Proves tenant isolation at the SQL level, as app_user through PgBouncer (transaction mode).
let app: Sql;
let admin: Sql;
let orgs: { a: TestOrg; b: TestOrg };
let tables: TenantTable[];
const SEEDED = [
  'app.organizations',
  'app.users',
  'app.user_sessions',
  'app.user_permissions',
  'app.organization_settings',
  'app.api_keys',
  'audit.log',
  'audit.chain_heads',
];

async function seed(org: TestOrg): Promise<void> {
  await asOrg(admin, org.id, async (tx) => {
    await tx`insert into app.users (email, role) values (${`member@${org.slug}.test`}, 'member')`;
    await tx`insert into app.user_sessions (user_id, expires_at) values (${org.userId}, now() + interval '1 hour')`;
    await tx`insert into app.user_permissions (user_id, permission_code) values (${org.userId}, 'audit:read')`;
    await tx`insert into app.organization_settings (key, value) values ('theme', ${tx.json({ dark: true })})`;
    await tx`insert into app.api_keys (prefix, secret_hash, name) values (${`k_${org.slug}`}, 'x', 'ci')`;
  });
}

beforeAll(async () => {
  app = appPool(2);
  admin = adminPool(2);
  orgs = { a: await createTestOrg(admin, 'iso-a'), b: await createTestOrg(admin, 'iso-b') };
  await seed(orgs.a);
  await seed(orgs.b);
  tables = await tenantTables(app);
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end()]);
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('tenant tables', () => {
  it('the catalogue lists every seeded table', () => {
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(SEEDED));
  });
});

for (const [own, other] of [
  ['a', 'b'],
  ['b', 'a'],
] as const) {
  describe(`as app_user in org ${own.toUpperCase()}'s context`, () => {
    it('sees only its own rows in every tenant table', async () => {
      for (const t of tables) {
        const [row] = await asOrg(
          app,
          orgs[own].id,
          (tx) => tx`
          select count(*)::int as total,
                 count(*) filter (where ${tx(t.orgColumn)} <> ${orgs[own].id})::int as foreign
          from ${tx(t.name)}`,
        );
        expect({ table: t.name, foreign: row?.foreign }).toEqual({ table: t.name, foreign: 0 });
        if (SEEDED.includes(t.name)) expect(row?.total, t.name).toBeGreaterThan(0);
      }
    });

    it("cannot update or delete the other org's rows (0 rows or 42501) in any tenant table", async () => {
      for (const t of tables) {
        const target = orgs[other].id;
        const col = t.orgColumn;
        const update = await asOrg(app, orgs[own].id, (tx) =>
          tx`update ${tx(t.name)} set ${tx(col)} = ${tx(col)} where ${tx(col)} = ${target}`.then(
            (r) => r.count,
          ),
        ).catch((e: { code?: string }) => e.code);
        const del = await asOrg(app, orgs[own].id, (tx) =>
          tx`delete from ${tx(t.name)} where ${tx(col)} = ${target}`.then((r) => r.count),
        ).catch((e: { code?: string }) => e.code);
        expect([0, '42501'], `${t.name} update`).toContain(update);
        expect([0, '42501'], `${t.name} delete`).toContain(del);
      }
      // The other org's rows are all still there.
      const [row] = await asOrg(
        admin,
        orgs[other].id,
        (tx) => tx`select count(*)::int as n from app.users where organization_id = ${orgs[other].id}`,
      );
      expect(row?.n).toBe(2);
    });

    it('cannot insert rows into the other org or move its own rows there', async () => {
      const target = orgs[other].id;
      const inserts = [
        (tx: Sql) =>
          tx`insert into app.users (organization_id, email, role) values (${target}, 'x@y.test', 'member')`,
        (tx: Sql) =>
          tx`insert into app.organization_settings (organization_id, key, value) values (${target}, 'k', '1')`,
        (tx: Sql) => tx`insert into app.user_sessions (organization_id, user_id, expires_at)
                        values (${target}, ${orgs[other].userId}, now())`,
        (tx: Sql) => tx`insert into app.api_keys (organization_id, prefix, secret_hash, name)
                        values (${target}, ${`evil_${target}`}, 'x', 'x')`,
        (tx: Sql) => tx`update app.organization_settings set organization_id = ${target} where key = 'theme'`,
        (tx: Sql) => tx`insert into app.organizations (slug, name) values ('evil-org', 'Evil')`,
      ];
      for (const run of inserts) {
        expect(await codeOf(asOrg(app, orgs[own].id, run))).toBe('42501');
      }
    });

    it('cannot alter audit rows, not even its own', async () => {
      for (const run of [
        (tx: Sql) => tx`update audit.log set actor = 'forged'`,
        (tx: Sql) => tx`delete from audit.log`,
        (tx: Sql) => tx`truncate audit.log`,
        (tx: Sql) => tx`insert into audit.log (organization_id, seq, action, prev_hash, hash)
                        values (${orgs[own].id}, 999999, 'EVENT', '', '')`,
        (tx: Sql) => tx`update audit.chain_heads set last_seq = 0`,
        (tx: Sql) =>
          tx`select audit.append(${orgs[own].id}, 'EVENT', null, null, null, null, 'x', 'info', null)`,
      ]) {
        expect(await codeOf(asOrg(app, orgs[own].id, run))).toBe('42501');
      }
    });
  });
}

describe('without an organization context', () => {
  it('sees nothing in any tenant table', async () => {
    for (const t of tables) {
      const [row] = await asOrg(app, undefined, (tx) => tx`select count(*)::int as n from ${tx(t.name)}`);
      expect({ table: t.name, n: row?.n }).toEqual({ table: t.name, n: 0 });
    }
  });

  it('can write nothing', async () => {
    const a = orgs.a.id;
    expect(
      await codeOf(
        asOrg(
          app,
          undefined,
          (tx) =>
            tx`insert into app.organization_settings (organization_id, key, value) values (${a}, 'k', '1')`,
        ),
      ),
    ).toBe('42501');
    const updated = await asOrg(app, undefined, (tx) => tx`update app.users set role = 'member'`);
    const deleted = await asOrg(app, undefined, (tx) => tx`delete from app.user_permissions`);
    expect([updated.count, deleted.count]).toEqual([0, 0]);
  });

  it('a bare query on the pool (no transaction) sees nothing either', async () => {
    const rows = await app`select id from app.users`;
    expect(rows).toHaveLength(0);
  });
});

describe('app_admin (operator CLI)', () => {
  it('inside an organization context is confined to it like app_user', async () => {
    for (const t of tables) {
      const [row] = await asOrg(
        admin,
        orgs.a.id,
        (tx) => tx`
        select count(*) filter (where ${tx(t.orgColumn)} <> ${orgs.a.id})::int as foreign from ${tx(t.name)}`,
      );
      expect({ table: t.name, foreign: row?.foreign }).toEqual({ table: t.name, foreign: 0 });
    }
    expect(
      await codeOf(
        asOrg(
          admin,
          orgs.a.id,
          (tx) =>
            tx`insert into app.organization_settings (organization_id, key, value) values (${orgs.b.id}, 'k', '1')`,
        ),
      ),
    ).toBe('42501');
  });

  it('without a context works across organizations (explicit policy), still audited', async () => {
    const rows = await asOrg(
      admin,
      undefined,
      (tx) => tx`
      select distinct organization_id from app.users where organization_id in (${orgs.a.id}, ${orgs.b.id})`,
    );
    expect(rows).toHaveLength(2);
  });
});
