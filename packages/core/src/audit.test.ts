import { withActor, withRequest } from '@scip/context';
import type { Sql } from '@scip/db';
import { withTransaction } from '@scip/db';
import {
  adminPool,
  appPool,
  asOrg,
  createTestOrg,
  ownerPool,
  type TestOrg,
} from '@scip/db/test-support/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Audit from './audit.ts';
import * as Settings from './settings.ts';

let app: Sql;
let admin: Sql;
let owner: Sql;
let org: TestOrg;

beforeAll(async () => {
  app = appPool(5);
  admin = adminPool(2);
  owner = ownerPool(1);
  org = await createTestOrg(admin, 'audit');
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end(), owner.end()]);
});

const asUser = <T>(fn: () => Promise<T>, requestId = 'req-audit') =>
  withRequest({ requestId, clientIp: '198.51.100.7' }, () =>
    withActor(
      {
        type: 'user',
        userId: org.userId,
        orgId: org.id,
        sessionId: 's1',
        role: 'org_admin',
        permissions: [],
      },
      () => withTransaction(fn, { sql: app }),
    ),
  );

describe('audit trail', () => {
  it('records insert, update and delete with actor, IP, request id, and masks secrets', async () => {
    const keyPrefix = `ak_${org.slug}`;
    const ids = await asUser(async () => {
      const rows = await withTransaction(
        (t) => t`
        insert into app.api_keys (prefix, secret_hash, name) values (${keyPrefix}, 'deadbeef-secret', 'ci')
        returning id`,
      );
      await withTransaction((t) => t`update app.api_keys set name = 'ci-2' where id = ${rows[0]?.id}`);
      const [perm] = await withTransaction(
        (t) => t`
        insert into app.user_permissions (user_id, permission_code) values (${org.userId}, 'audit:read') returning id`,
      );
      await withTransaction((t) => t`delete from app.user_permissions where id = ${perm?.id}`);
      return { key: rows[0]?.id as string, perm: perm?.id as string };
    }, 'req-trail-1');

    const entries = await asOrg(app, org.id, () => Audit.list({ limit: 20 }));
    const forKey = entries.filter((e) => e.row_id === ids.key).reverse();
    expect(forKey.map((e) => e.action)).toEqual(['INSERT', 'UPDATE']);
    for (const e of forKey) {
      expect(e).toMatchObject({
        table_name: 'app.api_keys',
        actor_user_id: org.userId,
        actor: `user:${org.userId}`,
        client_ip: '198.51.100.7',
        request_id: 'req-trail-1',
      });
      expect((e.new as Record<string, unknown>).secret_hash).toBe('[masked]');
      expect(JSON.stringify(e)).not.toContain('deadbeef-secret');
    }
    expect(forKey[1]?.old).toMatchObject({ name: 'ci' });
    const forPerm = entries.filter((e) => e.row_id === ids.perm).reverse();
    expect(forPerm.map((e) => e.action)).toEqual(['INSERT', 'DELETE']);
    expect(forPerm[1]?.new).toBeNull();
  });

  it('masks secrets nested in JSON values and event details', async () => {
    await asOrg(app, org.id, () => Settings.set('smtp', { host: 'mail.test', auth: { Password: 'pw-123' } }));
    const [row] = await asOrg(
      app,
      org.id,
      (tx) => tx`
      select new->'value' as value from audit.log
      where organization_id = ${org.id} and table_name = 'app.organization_settings' and new->>'key' = 'smtp'`,
    );
    expect(row?.value).toEqual({ host: 'mail.test', auth: { Password: '[masked]' } });
    const id = await asOrg(app, org.id, () =>
      Audit.record({ type: 'test.nested', details: { client: [{ refreshToken: 'rt-1', ip: '1.2.3.4' }] } }),
    );
    const [event] = await asOrg(app, org.id, (tx) => tx`select details from audit.log where id = ${id}`);
    expect(event?.details).toEqual({ client: [{ refreshToken: '[masked]', ip: '1.2.3.4' }] });
  });

  it('audit fields come from the context, not from the statement', async () => {
    const [row] = await asUser(() =>
      withTransaction(
        (t) => t`
      insert into app.organization_settings (key, value, created_by, updated_by, created_at, version)
      values ('forged', '1', gen_random_uuid(), gen_random_uuid(), '2000-01-01', 42)
      returning created_by, updated_by, created_at, version`,
      ),
    );
    expect(row?.created_by).toBe(org.userId);
    expect(row?.updated_by).toBe(org.userId);
    expect((row?.created_at as Date | undefined)?.getFullYear()).toBeGreaterThan(2000);
    expect(row?.version).toBe(1);
  });

  it('application events land in the chain; a context cannot write into another chain', async () => {
    const other = await createTestOrg(admin, 'audit-other');
    const id = await asOrg(app, org.id, () =>
      Audit.record({
        type: 'auth.login.failed',
        severity: 'warning',
        details: { email: 'x@y.test', password: 'hunter2' },
      }),
    );
    const [entry] = await asOrg(
      app,
      org.id,
      (tx) => tx`select event_type, severity, details from audit.log where id = ${id}`,
    );
    expect(entry).toEqual({
      event_type: 'auth.login.failed',
      severity: 'warning',
      details: { email: 'x@y.test', password: '[masked]' },
    });
    await expect(
      asOrg(app, org.id, () => Audit.record({ type: 'x.y', orgId: other.id })),
    ).rejects.toMatchObject({ code: '42501' });
    // Before any context (failed login) the caller names the organization.
    const pre = await asOrg(app, undefined, () =>
      Audit.record({ type: 'auth.login.failed', orgId: other.id }),
    );
    const [seen] = await asOrg(
      app,
      other.id,
      (tx) => tx`select organization_id from audit.log where id = ${pre}`,
    );
    expect(seen?.organization_id).toBe(other.id);
  });

  it('the chain verifies under concurrent writers of one organization', async () => {
    const writers = Array.from({ length: 30 }, (_, i) =>
      asOrg(app, org.id, () => Settings.set(`concurrent.${i}`, i)),
    );
    await Promise.all(writers);
    const result = await asOrg(admin, undefined, () => Audit.verify(org.id));
    expect(result).toMatchObject({ ok: true, first_bad_id: null });
    expect(result.checked).toBeGreaterThanOrEqual(32);
  });

  it('detects a row edited by the owner and names it', async () => {
    const other = await createTestOrg(admin, 'audit-tamper');
    await asOrg(app, other.id, async () => {
      for (const i of [1, 2, 3]) await Settings.set(`k${i}`, i);
    });
    const [victim] = await asOrg(
      app,
      other.id,
      (tx) => tx`
      select id from audit.log where organization_id = ${other.id} order by seq offset 2 limit 1`,
    );
    expect(await asOrg(admin, undefined, () => Audit.verify(other.id))).toMatchObject({ ok: true });
    await owner.begin(async (tx) => {
      await tx`alter table audit.log no force row level security`;
      await tx`update audit.log set new = jsonb_set(new, '{value}', '999') where id = ${victim?.id}`;
      await tx`alter table audit.log force row level security`;
    });
    expect(await asOrg(admin, undefined, () => Audit.verify(other.id))).toEqual({
      ok: false,
      checked: 2,
      first_bad_id: victim?.id,
      reason: 'content does not match its hash',
    });
  });
});
