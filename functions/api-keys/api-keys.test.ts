import { login, UserPermissions } from '@scip/auth';
import {
  adminQuery,
  client,
  newOrg,
  newUser,
  type TestOrg,
  type TestUser,
} from '@scip/auth/test-support/fixtures';
import { withActor } from '@scip/context';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from './index.ts';

let org: TestOrg;
let admin: string;
const http = client(app);
const tokenOf = async (u: TestUser) =>
  (await login({ organization: u.orgSlug, email: u.email, password: u.password }, { fingerprint: 'f' }))
    .access_token;
const createKey = async (token: string, body: Record<string, unknown>) =>
  http.post('/api/v1/api-keys', { token, body });

beforeAll(async () => {
  org = await newOrg('apikeys');
  admin = await tokenOf(await newUser(org, { role: 'org_admin' }));
});

describe('/api/v1/api-keys', () => {
  it('creates a key shown once, stores only its hash, and lists it without secrets', async () => {
    const res = await createKey(admin, { name: 'ci', permissions: ['users:read'] });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.key).toMatch(/^sk_[a-z0-9]{16}\.[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'ci', permissions: ['users:read'], revoked_at: null });
    const secret = created.key.split('.')[1];
    const [row] = await adminQuery(
      org.id,
      (tx) => tx`SELECT secret_hash FROM app.api_keys WHERE id = ${created.id}`,
    );
    expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.secret_hash).not.toContain(secret);
    const list = await (await http.get('/api/v1/api-keys', { token: admin })).json();
    const listed = list.items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toBeTruthy();
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it('a key acts with its own scopes, records last_used_at, and is denied beyond them', async () => {
    const { key, id } = await (
      await createKey(admin, { name: 'reader', permissions: ['api_keys:read'] })
    ).json();
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${key}` })).status).toBe(200);
    const denied = await createKey(`ApiKey ${key}`, { name: 'x', permissions: [] });
    expect(denied.status).toBe(403);
    expect((await denied.json()).code).toBe('permission_denied');
    const [row] = await adminQuery(
      org.id,
      (tx) => tx`SELECT last_used_at FROM app.api_keys WHERE id = ${id}`,
    );
    expect(row?.last_used_at).toBeInstanceOf(Date);
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${key}x` })).status).toBe(401);
  });

  it('members cannot manage keys, and nobody can mint a key with permissions they lack', async () => {
    const user = await newUser(org, { role: 'member' });
    const member = await tokenOf(user);
    expect((await createKey(member, { name: 'm', permissions: [] })).status).toBe(403);
    await withActor({ type: 'system', reason: 'test', orgId: org.id }, () =>
      UserPermissions.grant(user.id, 'api_keys:create'),
    );
    const granted = await tokenOf(user);
    expect((await createKey(granted, { name: 'ok', permissions: ['users:read'] })).status).toBe(201);
    const escalate = await createKey(granted, { name: 'esc', permissions: ['audit:read'] });
    expect(escalate.status).toBe(403);
    expect((await escalate.json()).missing).toEqual(['audit:read']);
  });

  it('rotates: the new key works, the old one during the grace period only', async () => {
    const old = await (await createKey(admin, { name: 'rot', permissions: ['api_keys:read'] })).json();
    const res = await http.post(`/api/v1/api-keys/${old.id}/rotate`, { token: admin });
    expect(res.status).toBe(201);
    const next = await res.json();
    expect(next.rotated_from).toBe(old.id);
    expect(next.key).not.toBe(old.key);
    expect(new Date(next.previous.expires_at).getTime()).toBeGreaterThan(Date.now());
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${next.key}` })).status).toBe(200);
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${old.key}` })).status).toBe(200);
    // the grace period ends
    await adminQuery(
      org.id,
      (tx) => tx`UPDATE app.api_keys SET expires_at = now() - interval '1 second' WHERE id = ${old.id}`,
    );
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${old.key}` })).status).toBe(401);
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${next.key}` })).status).toBe(200);
  });

  it('revokes at once, and audits create/rotate/revoke', async () => {
    const k = await (await createKey(admin, { name: 'rev', permissions: ['api_keys:read'] })).json();
    expect((await http.delete(`/api/v1/api-keys/${k.id}`, { token: admin })).status).toBe(204);
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${k.key}` })).status).toBe(401);
    expect((await http.delete(`/api/v1/api-keys/${k.id}`, { token: admin })).status).toBe(404);
    const events = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT DISTINCT event_type FROM audit.log WHERE organization_id = ${org.id} AND event_type LIKE 'auth.api_key.%'`,
    );
    expect(events.map((e) => e.event_type).sort()).toEqual([
      'auth.api_key.created',
      'auth.api_key.revoked',
      'auth.api_key.rotated',
    ]);
  });

  it('keeps organizations apart: another org’s key id is not found, a foreign org id is refused', async () => {
    const other = await newOrg('apikeys-other');
    const otherAdmin = await tokenOf(await newUser(other, { role: 'org_admin' }));
    const foreign = await (await createKey(otherAdmin, { name: 'theirs', permissions: [] })).json();
    expect((await http.delete(`/api/v1/api-keys/${foreign.id}`, { token: admin })).status).toBe(404);
    const cross = await createKey(admin, { name: 'x', permissions: [], organization_id: other.id });
    expect(cross.status).toBe(403);
    expect((await cross.json()).code).toBe('cross_organization');
  });

  it('stops a key of a suspended organization, and lets it work again once reactivated', async () => {
    const k = await (await createKey(admin, { name: 'susp', permissions: ['api_keys:read'] })).json();
    const use = () => http.get('/api/v1/api-keys', { token: `ApiKey ${k.key}` });
    expect((await use()).status).toBe(200);
    await adminQuery(
      org.id,
      (tx) => tx`UPDATE app.organizations SET status = 'suspended' WHERE id = ${org.id}`,
    );
    try {
      const refused = await use();
      expect(refused.status).toBe(401);
      expect((await refused.json()).code).toBe('invalid_token');
    } finally {
      await adminQuery(
        org.id,
        (tx) => tx`UPDATE app.organizations SET status = 'active' WHERE id = ${org.id}`,
      );
    }
    expect((await use()).status).toBe(200);
  });

  it('rejects an expired key and validates input', async () => {
    const past = new Date(Date.now() - 1000).toISOString();
    const k = await (
      await createKey(admin, { name: 'exp', permissions: ['api_keys:read'], expires_at: past })
    ).json();
    expect((await http.get('/api/v1/api-keys', { token: `ApiKey ${k.key}` })).status).toBe(401);
    expect((await createKey(admin, { name: '', permissions: ['Bad Code'] })).status).toBe(422);
  });
});
