import { Session, UserPermissions } from '@scip/auth';
import {
  adminQuery,
  client,
  newOrg,
  newUser,
  strongPassword,
  type TestOrg,
} from '@scip/auth/test-support/fixtures';
import { withActor } from '@scip/context';
import { Events, User } from '@scip/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from './index.ts';

let org: TestOrg;
beforeAll(async () => {
  org = await newOrg('session');
});

const system = (orgId: string) => ({ type: 'system' as const, reason: 'test', orgId });

describe('GET /api/v1/auth/me', () => {
  it('answers the contract shape', async () => {
    const user = await newUser(org, { role: 'observer' });
    const c = client(app);
    const { access_token } = await (await c.login(user)).json();
    const res = await c.get('/api/v1/auth/me', { token: access_token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const me = await res.json();
    expect(me).toMatchObject({
      id: user.id,
      email: user.email,
      role: 'observer',
      organization: { id: org.id, slug: org.slug, name: org.name },
    });
    expect(me.permissions).toEqual(expect.arrayContaining(['users:read', 'realtime:subscribe']));
    expect(me.permissions).not.toContain('users:create');
    expect(me.session_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('needs credentials: 401 authentication_required / invalid_token', async () => {
    const c = client(app);
    expect((await (await c.get('/api/v1/auth/me')).json()).code).toBe('authentication_required');
    expect((await (await c.get('/api/v1/auth/me', { token: 'not.a.jwt' })).json()).code).toBe(
      'invalid_token',
    );
    const basic = await c.get('/api/v1/auth/me', { headers: { authorization: 'Basic YTpi' } });
    expect((await basic.json()).code).toBe('invalid_token');
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('ends the session at once: the access token fails on the very next request, the refresh token too', async () => {
    const user = await newUser(org);
    const c = client(app);
    const pair = await (await c.login(user)).json();
    const seen: unknown[] = [];
    const off = Events.on('session.revoked', (p) => {
      seen.push(p);
    });
    const res = await c.post('/api/v1/auth/logout', { token: pair.access_token });
    off();
    expect(res.status).toBe(204);
    const me = await c.get('/api/v1/auth/me', { token: pair.access_token });
    expect(me.status).toBe(401);
    expect((await me.json()).code).toBe('token_revoked');
    const refreshed = await c.post('/api/v1/auth/refresh', { body: { refresh_token: pair.refresh_token } });
    expect((await refreshed.json()).code).toBe('invalid_refresh_token');
    expect(seen).toEqual([expect.objectContaining({ userId: user.id, orgId: org.id, reason: 'logout' })]);
    const events = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT 1 FROM audit.log WHERE organization_id = ${org.id} AND event_type = 'auth.logout'
        AND details->>'user_id' = ${user.id}`,
    );
    expect(events).toHaveLength(1);
  });
});

describe('/api/v1/auth/sessions', () => {
  it('lists the user’s live sessions and signs out another device', async () => {
    const user = await newUser(org);
    const c = client(app);
    const a = await (await c.login(user)).json();
    const b = await (await c.login(user)).json();
    const list = await (await c.get('/api/v1/auth/sessions', { token: a.access_token })).json();
    expect(list.items).toHaveLength(2);
    expect(list.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = list.items.find((s: { current: boolean }) => !s.current);
    expect(other.ip).toBe(c.ip);
    expect((await c.delete(`/api/v1/auth/sessions/${other.id}`, { token: a.access_token })).status).toBe(204);
    expect((await c.get('/api/v1/auth/me', { token: b.access_token })).status).toBe(401);
    expect((await c.get('/api/v1/auth/me', { token: a.access_token })).status).toBe(200);
    expect((await c.delete(`/api/v1/auth/sessions/${other.id}`, { token: a.access_token })).status).toBe(404);
  });

  it('cannot end someone else’s session', async () => {
    const c = client(app);
    const mine = await (await c.login(await newUser(org))).json();
    const theirs = await (await c.login(await newUser(org))).json();
    const theirId = JSON.parse(
      Buffer.from(theirs.access_token.split('.')[1], 'base64url').toString(),
    ).session_id;
    expect((await c.delete(`/api/v1/auth/sessions/${theirId}`, { token: mine.access_token })).status).toBe(
      404,
    );
    expect((await c.get('/api/v1/auth/me', { token: theirs.access_token })).status).toBe(200);
  });
});

describe('ending sessions', () => {
  it('a password change ends the other sessions but keeps the current one', async () => {
    const user = await newUser(org);
    const c = client(app);
    const a = await (await c.login(user)).json();
    const b = await (await c.login(user)).json();
    const res = await c.post('/api/v1/auth/password', {
      token: a.access_token,
      body: { current_password: user.password, new_password: strongPassword() },
    });
    expect(res.status).toBe(204);
    expect((await c.get('/api/v1/auth/me', { token: a.access_token })).status).toBe(200);
    expect((await c.get('/api/v1/auth/me', { token: b.access_token })).status).toBe(401);
    const r = await c.post('/api/v1/auth/refresh', { body: { refresh_token: b.refresh_token } });
    expect((await r.json()).code).toBe('invalid_refresh_token');
  });

  it('user disable (as the operator CLI does it) ends every session', async () => {
    const user = await newUser(org);
    const c = client(app);
    const pair = await (await c.login(user)).json();
    await withActor(system(org.id), () => User.disable(user.id));
    expect((await c.get('/api/v1/auth/me', { token: pair.access_token })).status).toBe(401);
    expect((await c.login(user)).status).toBe(401);
  });

  it('a role change revokes the sessions (ASVS 8.3.2); the next login carries the new role', async () => {
    const user = await newUser(org, { role: 'member' });
    const c = client(app);
    const pair = await (await c.login(user)).json();
    const current = await withActor(system(org.id), () => User.fromId(user.id));
    await withActor(system(org.id), () =>
      User.update(user.id, { version: current?.version ?? 1, role: 'observer' }),
    );
    expect((await c.get('/api/v1/auth/me', { token: pair.access_token })).status).toBe(401);
    const again = await (await c.login(user)).json();
    const me = await (await c.get('/api/v1/auth/me', { token: again.access_token })).json();
    expect(me.role).toBe('observer');
  });

  it('a per-user permission grant revokes the sessions and is audited; the new token carries it', async () => {
    const user = await newUser(org, { role: 'member' });
    const c = client(app);
    const pair = await (await c.login(user)).json();
    await withActor(system(org.id), () => UserPermissions.grant(user.id, 'audit:read'));
    expect((await c.get('/api/v1/auth/me', { token: pair.access_token })).status).toBe(401);
    const again = await (await c.login(user)).json();
    const me = await (await c.get('/api/v1/auth/me', { token: again.access_token })).json();
    expect(me.permissions).toContain('audit:read');
    await withActor(system(org.id), () => UserPermissions.revoke(user.id, 'audit:read'));
    expect((await c.get('/api/v1/auth/me', { token: again.access_token })).status).toBe(401);
    const events = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT event_type FROM audit.log WHERE organization_id = ${org.id}
        AND event_type LIKE 'auth.permissions.%' AND details->>'user_id' = ${user.id} ORDER BY seq`,
    );
    expect(events.map((e) => e.event_type)).toEqual(['auth.permissions.granted', 'auth.permissions.revoked']);
  });

  it('Session.revoke is idempotent and scoped to the organization', async () => {
    const other = await newOrg('session-other');
    const user = await newUser(org);
    const pair = await (await client(app).login(user)).json();
    const sessionId = JSON.parse(
      Buffer.from(pair.access_token.split('.')[1], 'base64url').toString(),
    ).session_id;
    expect(await withActor(system(other.id), () => Session.revoke(sessionId, 'admin'))).toBe(false);
    expect(await withActor(system(org.id), () => Session.revoke(sessionId, 'admin'))).toBe(true);
    expect(await withActor(system(org.id), () => Session.revoke(sessionId, 'admin'))).toBe(false);
  });
});
