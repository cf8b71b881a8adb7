import { ApiKey } from '@scip/auth';
import { newOrg, type TestOrg } from '@scip/auth/test-support/fixtures';
import { closeSql, type Sql } from '@scip/db';
import { adminPool, asOrg } from '@scip/db/test-support/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from './test-support/run.ts';

// `npm run admin -- api-key ...` as a subprocess; the keys it prints are checked with the auth package's
// own authenticate (the function behind `Authorization: ApiKey ...`), in this process.
let adminSql: Sql;
let org: TestOrg;

/** The actor a key authenticates as, or the error code it is refused with. */
const authenticate = (key: string) =>
  ApiKey.authenticate(key).then(
    (actor) => actor,
    (error: { code?: string }) => error.code,
  );
const near = (iso: string, expectedMs: number) =>
  expect(Math.abs(new Date(iso).getTime() - expectedMs)).toBeLessThan(60_000);
const VIEW_FIELDS = [
  'created_at',
  'expires_at',
  'id',
  'last_used_at',
  'name',
  'prefix',
  'revoked_at',
  'rotated_from',
  'scopes',
];

beforeAll(async () => {
  adminSql = adminPool(1);
  org = await newOrg('cli-keys');
});
afterAll(async () => {
  await Promise.all([adminSql.end(), closeSql()]);
});

describe('npm run admin -- api-key', { timeout: 120_000 }, () => {
  it('create → authenticates → list without secrets → rotate with grace → revoke → refused, audited', async () => {
    const created = await admin(
      'api-key',
      'create',
      '--org',
      org.slug,
      '--name',
      'ci',
      '--scopes',
      'users:read, api_keys:read',
      '--expires-in-days',
      '30',
    );
    expect(created.code).toBe(0);
    const first = created.out;
    expect(Object.keys(first).sort()).toEqual([...VIEW_FIELDS, 'key'].sort());
    expect(first).toMatchObject({ name: 'ci', scopes: ['users:read', 'api_keys:read'], revoked_at: null });
    expect(first.key).toMatch(new RegExp(`^${first.prefix}\\.[A-Za-z0-9_-]{43}$`));
    near(first.expires_at, Date.now() + 30 * 86_400_000);
    expect(await authenticate(first.key)).toEqual({
      type: 'api_key',
      keyId: first.id,
      orgId: org.id,
      permissions: ['users:read', 'api_keys:read'],
    });

    const listed = await admin('api-key', 'list', '--org', org.slug);
    expect(listed.code).toBe(0);
    expect(listed.out.api_keys).toHaveLength(1);
    expect(Object.keys(listed.out.api_keys[0]).sort()).toEqual(VIEW_FIELDS);
    expect(listed.out.api_keys[0]).toMatchObject({
      id: first.id,
      prefix: first.prefix,
      scopes: first.scopes,
    });
    const [stored] = await asOrg(
      adminSql,
      org.id,
      (tx) => tx`select secret_hash from app.api_keys where id = ${first.id}`,
    );
    const text = JSON.stringify(listed.out);
    expect(text).not.toContain(first.key.split('.')[1]);
    expect(text).not.toContain(stored?.secret_hash);

    const rotated = await admin(
      'api-key',
      'rotate',
      '--org',
      org.slug,
      '--id',
      first.id,
      '--grace-seconds',
      '600',
    );
    expect(rotated.code).toBe(0);
    const second = rotated.out;
    expect(second).toMatchObject({ rotated_from: first.id, name: 'ci', scopes: first.scopes });
    expect(second.expires_at).toBe(first.expires_at);
    expect(second.key).not.toBe(first.key);
    expect(second.previous.id).toBe(first.id);
    near(second.previous.expires_at, Date.now() + 600_000);
    expect(await authenticate(first.key)).toMatchObject({ keyId: first.id }); // within its grace
    expect(await authenticate(second.key)).toMatchObject({ keyId: second.id, orgId: org.id });

    for (const key of [second, first]) {
      const revoked = await admin('api-key', 'revoke', '--org', org.slug, '--id', key.id);
      expect(revoked).toMatchObject({ code: 0, out: { id: key.id, revoked: true } });
      expect(await authenticate(key.key)).toBe('invalid_token');
    }
    const again = await admin('api-key', 'revoke', '--org', org.slug, '--id', first.id);
    expect(again).toMatchObject({ code: 1, out: null, err: { error: { code: 'not_found' } } });

    // Inserts and auth events come from the CLI (the keys' own last_used_at updates are theirs).
    const audit = await asOrg(
      adminSql,
      org.id,
      (tx) => tx`
      select actor, coalesce(event_type, action) as what from audit.log
      where organization_id = ${org.id}
        and (event_type like 'auth.api_key.%' or (table_name = 'app.api_keys' and action = 'INSERT'))`,
    );
    expect(audit.map((a) => a.what).sort()).toEqual([
      'INSERT',
      'INSERT',
      'auth.api_key.created',
      'auth.api_key.revoked',
      'auth.api_key.revoked',
      'auth.api_key.rotated',
    ]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set(['system:admin-cli']));
  });

  it('rotate --grace-seconds 0 ends the old key at once', async () => {
    const old = await admin(
      'api-key',
      'create',
      '--org',
      org.slug,
      '--name',
      'short',
      '--scopes',
      'users:read',
    );
    expect(old.code).toBe(0);
    const next = await admin(
      'api-key',
      'rotate',
      '--org',
      org.slug,
      '--id',
      old.out.id,
      '--grace-seconds',
      '0',
    );
    expect(next.code).toBe(0);
    expect(await authenticate(old.out.key)).toBe('invalid_token');
    expect(await authenticate(next.out.key)).toMatchObject({ keyId: next.out.id });
  });

  it('bad scopes, ids and numbers are validation_failed on stderr, exit 1, and create nothing', async () => {
    const base = ['api-key', 'create', '--org', org.slug, '--name', 'bad'];
    const badScope = await admin(...base, '--scopes', 'users:read,Users Read');
    expect(badScope).toMatchObject({ code: 1, out: null, err: { error: { code: 'validation_failed' } } });
    expect(badScope.err.error.message).toContain('Users Read');
    for (const args of [
      [...base, '--scopes', 'users:read:'],
      [...base, '--scopes', ','],
      [...base, '--scopes', 'users:read', '--expires-in-days', '0'],
      [...base, '--scopes', 'users:read', '--expires-in-days', '1.5'],
      [...base, '--scopes', 'users:read', '--colour', 'red'],
      ['api-key', 'rotate', '--org', org.slug, '--id', 'not-a-uuid'],
      ['api-key', 'revoke', '--org', org.slug],
    ]) {
      expect(await admin(...args)).toMatchObject({ code: 1, err: { error: { code: 'validation_failed' } } });
    }
    const [count] = await asOrg(
      adminSql,
      org.id,
      (tx) => tx`select count(*)::int as n from app.api_keys where name = 'bad'`,
    );
    expect(count?.n).toBe(0);
  });

  it('an unknown organization or key id is not_found', async () => {
    const noOrg = await admin(
      'api-key',
      'create',
      '--org',
      'no-such-org-x',
      '--name',
      'x',
      '--scopes',
      'users:read',
    );
    expect(noOrg).toMatchObject({ code: 1, out: null, err: { error: { code: 'not_found' } } });
    expect(noOrg.err.error.message).toContain('no-such-org-x');
    expect(await admin('api-key', 'list', '--org', 'no-such-org-x')).toMatchObject({
      code: 1,
      err: { error: { code: 'not_found' } },
    });
    const unknownId = '01900000-0000-7000-8000-000000000000';
    for (const verb of ['rotate', 'revoke']) {
      expect(await admin('api-key', verb, '--org', org.slug, '--id', unknownId)).toMatchObject({
        code: 1,
        err: { error: { code: 'not_found' } },
      });
    }
  });
});
