import { withActor } from '@scip/context';
import type { Sql } from '@scip/db';
import { adminPool, appPool, asOrg, createTestOrg, type TestOrg } from '@scip/db/test-support/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Events from './events.ts';
import * as Organization from './organization.ts';
import * as User from './user.ts';

let app: Sql;
let admin: Sql;
let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  app = appPool(2);
  admin = adminPool(2);
  a = await createTestOrg(admin, 'user-a');
  b = await createTestOrg(admin, 'user-b');
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end()]);
});

describe('Organization', () => {
  it('is created by app_admin; slugs are unique; app_user sees only its own', async () => {
    const slug = `org-${Date.now().toString(36)}`;
    const org = await asOrg(admin, undefined, () => Organization.create({ slug, name: ' Org ' }));
    expect(org).toMatchObject({ slug, name: 'Org', status: 'active', version: 1 });
    await expect(
      asOrg(admin, undefined, () => Organization.create({ slug, name: 'again' })),
    ).rejects.toMatchObject({
      code: 'already_exists',
    });
    await expect(
      asOrg(admin, undefined, () => Organization.create({ slug: 'Bad Slug', name: 'x' })),
    ).rejects.toThrow();
    await expect(
      asOrg(app, org.id, () => Organization.create({ slug: `${slug}-2`, name: 'x' })),
    ).rejects.toMatchObject({
      code: 'permission_denied',
    });
    expect(await asOrg(app, a.id, () => Organization.fromSlug(b.slug))).toBeUndefined();
    expect((await asOrg(app, a.id, () => Organization.fromSlug(a.slug.toUpperCase())))?.id).toBe(a.id);
    expect((await asOrg(app, a.id, () => Organization.list())).map((o) => o.id)).toEqual([a.id]);
    expect((await asOrg(admin, undefined, () => Organization.list({ limit: 1000 }))).length).toBeGreaterThan(
      2,
    );
  });
});

describe('User', () => {
  it('emails are unique per organization, case-insensitively', async () => {
    const created = await asOrg(app, a.id, () => User.create({ email: 'Ana@Example.test', role: 'member' }));
    expect(created).toMatchObject({
      email: 'ana@example.test',
      organization_id: a.id,
      role: 'member',
      version: 1,
    });
    expect(created).not.toHaveProperty('password_hash');
    await expect(
      asOrg(app, a.id, () => User.create({ email: 'ANA@example.test', role: 'observer' })),
    ).rejects.toMatchObject({
      code: 'already_exists',
    });
    const inB = await asOrg(app, b.id, () => User.create({ email: 'ana@example.test', role: 'member' }));
    expect(inB.organization_id).toBe(b.id);
    expect((await asOrg(app, a.id, () => User.fromEmail(' ANA@example.TEST ')))?.id).toBe(created.id);
    expect(await asOrg(app, a.id, () => User.fromId(inB.id))).toBeUndefined();
  });

  it('update uses optimistic locking: a stale version is a version_conflict', async () => {
    const user = await asOrg(app, a.id, () => User.create({ email: 'lock@example.test', role: 'member' }));
    const updated = await asOrg(app, a.id, () => User.update(user.id, { version: 1, role: 'observer' }));
    expect(updated).toMatchObject({ role: 'observer', version: 2 });
    await expect(
      asOrg(app, a.id, () => User.update(user.id, { version: 1, role: 'org_admin' })),
    ).rejects.toMatchObject({
      code: 'version_conflict',
      status: 409,
      extra: { current_version: 2 },
    });
    await expect(
      asOrg(app, b.id, () => User.update(user.id, { version: 2, role: 'org_admin' })),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('disable is idempotent and emits user.disabled after commit only', async () => {
    const seen: unknown[] = [];
    const off = Events.on('user.disabled', (payload) => {
      seen.push(payload);
    });
    try {
      const user = await asOrg(app, a.id, () => User.create({ email: 'off@example.test', role: 'member' }));
      await expect(
        asOrg(app, a.id, async () => {
          await User.disable(user.id);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(seen).toEqual([]);
      expect((await asOrg(app, a.id, () => User.fromId(user.id)))?.disabled_at).toBeNull();
      const first = await asOrg(app, a.id, () => User.disable(user.id));
      const second = await asOrg(app, a.id, () => User.disable(user.id));
      expect(first.disabled_at).toBeInstanceOf(Date);
      expect(second.disabled_at).toEqual(first.disabled_at);
      expect(seen).toEqual([
        { userId: user.id, orgId: a.id },
        { userId: user.id, orgId: a.id },
      ]);
    } finally {
      off();
    }
  });

  it('needs an organization context to create', async () => {
    await expect(
      withActor({ type: 'public' }, () => User.create({ email: 'x@y.test', role: 'member' })),
    ).rejects.toMatchObject({
      code: 'authentication_required',
    });
  });
});
