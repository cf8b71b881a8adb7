import { withActor } from '@scip/context';
import { createApp } from '@scip/http';
import { beforeAll, describe, expect, it } from 'vitest';
import { create as createApiKey } from '../api-key/api-key.ts';
import { login } from '../login/login.ts';
import { adminQuery, client, newOrg, newUser, type TestOrg } from '../test-support/fixtures.ts';
import { sameOrganization } from './org-scope.ts';
import { requireAuth } from './require-auth.ts';
import { requirePermission } from './require-permission.ts';

const app = createApp({ name: 'guards-test' });
app.get('/things', requireAuth(), requirePermission('users:read'), (c) => c.json({ ok: true }));
app.post('/things', requireAuth(), requirePermission('users:create'), (c) => c.json({ ok: true }));
app.get('/audit', requireAuth(), requirePermission('audit:read'), (c) => c.json({ ok: true }));
app.get('/cacheable', requireAuth(), (c) =>
  c.json({ ok: true }, 200, { 'Cache-Control': 'private, max-age=60' }),
);
app.get('/orgs/:orgId/things', requireAuth(), sameOrganization(), (c) => c.json({ ok: true }));
app.post('/scoped', requireAuth(), sameOrganization(), (c) => c.json({ ok: true }));

let org: TestOrg;
let other: TestOrg;
let member: string;
const http = client(app);

beforeAll(async () => {
  [org, other] = await Promise.all([newOrg('guards'), newOrg('guards-other')]);
  const user = await newUser(org, { role: 'member' });
  member = (
    await login({ organization: org.slug, email: user.email, password: user.password }, { fingerprint: 'f' })
  ).access_token;
});

describe('requirePermission', () => {
  it('allows a permission of the role and denies one outside it (403 permission_denied)', async () => {
    expect((await http.get('/things', { token: member })).status).toBe(200);
    const denied = await http.post('/things', { token: member });
    expect(denied.status).toBe(403);
    expect((await denied.json()).code).toBe('permission_denied');
    expect((await http.get('/things')).status).toBe(401);
  });

  it('honours wildcards: an API key with users:* passes users:read and users:create, not audit:read', async () => {
    const { key } = await withActor({ type: 'system', reason: 'test', orgId: org.id }, () =>
      createApiKey({ name: 'wild', permissions: ['users:*'] }),
    );
    expect((await http.get('/things', { token: `ApiKey ${key}` })).status).toBe(200);
    expect((await http.post('/things', { token: `ApiKey ${key}` })).status).toBe(200);
    expect((await http.get('/audit', { token: `ApiKey ${key}` })).status).toBe(403);
    const { key: all } = await withActor({ type: 'system', reason: 'test', orgId: org.id }, () =>
      createApiKey({ name: 'all', permissions: ['*'] }),
    );
    expect((await http.get('/audit', { token: `ApiKey ${all}` })).status).toBe(200);
  });
});

describe('requireAuth', () => {
  it('marks answers to an authenticated caller no-store unless the route chose its own caching', async () => {
    const res = await http.get('/things', { token: member });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const own = await http.get('/cacheable', { token: member });
    expect(own.headers.get('cache-control')).toBe('private, max-age=60');
  });
});

describe('sameOrganization', () => {
  it('passes the caller’s own organization id', async () => {
    expect((await http.get(`/orgs/${org.id}/things`, { token: member })).status).toBe(200);
    expect((await http.post('/scoped', { token: member, body: { organization_id: org.id } })).status).toBe(
      200,
    );
  });

  it('refuses another organization in path, query or body with 403 cross_organization, audited', async () => {
    const attempts = [
      http.get(`/orgs/${other.id}/things`, { token: member }),
      http.get(`/orgs/${org.id}/things?organization_id=${other.id}`, { token: member }),
      http.post('/scoped', { token: member, body: { organization_id: other.id } }),
      http.post('/scoped', { token: member, body: { orgId: other.id } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('cross_organization');
    }
    const events = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT details FROM audit.log WHERE organization_id = ${org.id} AND event_type = 'auth.cross_organization'`,
    );
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events[0]?.details.requested).toEqual([other.id]);
  });
});
