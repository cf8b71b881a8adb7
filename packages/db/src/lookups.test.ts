import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from './sql.ts';
import { adminPool, appPool, asOrg, createTestOrg, type TestOrg } from './test-support/index.ts';

// The SECURITY DEFINER lookups answer narrow pre-context questions for app_user; the tables stay closed.
let app: Sql;
let admin: Sql;
let org: TestOrg;
let sessionId: string;

beforeAll(async () => {
  app = appPool(1);
  admin = adminPool(1);
  org = await createTestOrg(admin, 'lookup');
  const [s] = await asOrg(
    admin,
    org.id,
    (tx) => tx`
    insert into app.user_sessions (user_id, expires_at) values (${org.userId}, now() + interval '1 hour') returning id`,
  );
  sessionId = s?.id as string;
  await asOrg(
    admin,
    org.id,
    (tx) => tx`
    insert into app.api_keys (prefix, secret_hash, name, permissions) values (${`pk_${org.slug}`}, 'h', 'ci', '{users:read}')`,
  );
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end()]);
});

describe('pre-context lookups (as app_user, no organization context)', () => {
  it('login_lookup finds one user by org slug and email, case-insensitively, and nothing else', async () => {
    expect(await app`select count(*)::int as n from app.users`).toEqual([{ n: 0 }]);
    const [row] =
      await app`select * from app.login_lookup(${org.slug.toUpperCase()}, ${`ADMIN@${org.slug}.test`})`;
    expect(row).toEqual({
      user_id: org.userId,
      organization_id: org.id,
      password_hash: 'not-a-real-hash',
      role: 'org_admin',
      disabled: false,
      mfa_enabled: false,
    });
    expect(await app`select * from app.login_lookup(${org.slug}, 'nobody@x.test')`).toHaveLength(0);
    expect(
      await app`select * from app.login_lookup('no-such-org', ${`admin@${org.slug}.test`})`,
    ).toHaveLength(0);
  });

  it('a suspended organization or a deleted user cannot be found', async () => {
    const other = await createTestOrg(admin, 'lookup-s');
    await asOrg(admin, other.id, (tx) => tx`update app.organizations set status = 'suspended'`);
    expect(
      await app`select * from app.login_lookup(${other.slug}, ${`admin@${other.slug}.test`})`,
    ).toHaveLength(0);
    expect(await app`select * from app.organization_lookup(${other.slug})`).toHaveLength(0);
    const third = await createTestOrg(admin, 'lookup-d');
    await asOrg(admin, third.id, (tx) => tx`update app.users set deleted_at = now()`);
    expect(
      await app`select * from app.login_lookup(${third.slug}, ${`admin@${third.slug}.test`})`,
    ).toHaveLength(0);
  });

  it('organization, session and API key lookups answer one row each', async () => {
    expect(await app`select organization_id, slug from app.organization_lookup(${org.slug})`).toEqual([
      { organization_id: org.id, slug: org.slug },
    ]);
    const [session] =
      await app`select organization_id, user_id, revoked_at from app.session_lookup(${sessionId})`;
    expect(session).toEqual({ organization_id: org.id, user_id: org.userId, revoked_at: null });
    const [key] =
      await app`select organization_id, secret_hash, permissions from app.api_key_lookup(${`pk_${org.slug}`})`;
    expect(key).toEqual({ organization_id: org.id, secret_hash: 'h', permissions: ['users:read'] });
  });

  it('the lookups run with a pinned search_path and are not executable by PUBLIC', async () => {
    const rows = await app`
      select p.proname, p.proconfig, has_function_privilege('app_user', p.oid, 'execute') as app_user,
             exists (select 1 from aclexplode(p.proacl) x where x.grantee = 0) as public
      from pg_proc p where p.pronamespace = 'app'::regnamespace
        and p.proname in ('login_lookup', 'organization_lookup', 'session_lookup', 'api_key_lookup') order by 1`;
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(r).toMatchObject({
        proconfig: ['search_path=pg_catalog, pg_temp'],
        app_user: true,
        public: false,
      });
    }
  });
});
