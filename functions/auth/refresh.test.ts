import { decodeAccessToken } from '@scip/auth';
import { adminQuery, client, newOrg, newUser, type TestOrg } from '@scip/auth/test-support/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from './index.ts';

let org: TestOrg;
beforeAll(async () => {
  org = await newOrg('refresh');
});

async function signIn() {
  const user = await newUser(org);
  const c = client(app);
  const pair = await (await c.login(user)).json();
  return { user, c, pair };
}

const refresh = (c: ReturnType<typeof client>, token: string) =>
  c.post('/api/v1/auth/refresh', { body: { refresh_token: token } });

/** The auth.refresh.* events of one session, oldest first. */
const refreshEvents = (sessionId: string, orgId = org.id) =>
  adminQuery(
    orgId,
    (tx) => tx`
    SELECT event_type, severity, details->>'reason' AS reason FROM audit.log
    WHERE organization_id = ${orgId} AND event_type LIKE 'auth.refresh.%' AND details->>'session_id' = ${sessionId}
    ORDER BY seq`,
  );

describe('POST /api/v1/auth/refresh', () => {
  it('spends the presented token and issues a new pair for the same session', async () => {
    const { c, pair } = await signIn();
    const res = await refresh(c, pair.refresh_token);
    expect(res.status).toBe(200);
    const next = await res.json();
    expect(next.refresh_token).not.toBe(pair.refresh_token);
    expect(next.access_token).not.toBe(pair.access_token);
    const [a, b] = await Promise.all([
      decodeAccessToken(pair.access_token),
      decodeAccessToken(next.access_token),
    ]);
    expect(b.session_id).toBe(a.session_id);
    expect(b.jti).not.toBe(a.jti);
    expect((await c.get('/api/v1/auth/me', { token: next.access_token })).status).toBe(200);
    // the successor can be refreshed in turn
    expect((await refresh(c, next.refresh_token)).status).toBe(200);
    expect(await refreshEvents(a.session_id)).toEqual([
      { event_type: 'auth.refresh.succeeded', severity: 'info', reason: null },
      { event_type: 'auth.refresh.succeeded', severity: 'info', reason: null },
    ]);
  });

  it('detects reuse: a spent token revokes the whole family (refresh and access tokens) and is audited', async () => {
    const { user, c, pair } = await signIn();
    const next = await (await refresh(c, pair.refresh_token)).json();
    const third = await (await refresh(c, next.refresh_token)).json(); // the successor moved on: no grace
    const reuse = await refresh(c, pair.refresh_token);
    expect(reuse.status).toBe(401);
    expect((await reuse.json()).code).toBe('refresh_token_reused');
    // every member of the family is dead, and so are its access tokens, at once
    expect((await (await refresh(c, third.refresh_token)).json()).code).toBe('invalid_refresh_token');
    const me = await c.get('/api/v1/auth/me', { token: third.access_token });
    expect(me.status).toBe(401);
    expect((await me.json()).code).toBe('token_revoked');
    const { session_id } = await decodeAccessToken(pair.access_token);
    const [session] = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT revoked_reason FROM app.user_sessions WHERE id = ${session_id}`,
    );
    expect(session?.revoked_reason).toBe('refresh_token_reused');
    const events = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT severity FROM audit.log WHERE organization_id = ${org.id} AND event_type = 'auth.refresh.reused'
        AND details->>'user_id' = ${user.id}`,
    );
    expect(events).toEqual([{ severity: 'critical' }]);
  });

  it('returns the same successor to a retry within the grace window while the successor is unused', async () => {
    const { c, pair } = await signIn();
    const first = await (await refresh(c, pair.refresh_token)).json();
    const retry = await refresh(c, pair.refresh_token);
    expect(retry.status).toBe(200);
    const again = await retry.json();
    expect(again.refresh_token).toBe(first.refresh_token);
    const { session_id } = await decodeAccessToken(pair.access_token);
    const tokens = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT count(*)::int AS n FROM app.refresh_tokens WHERE session_id = ${session_id}`,
    );
    expect(tokens[0]?.n).toBe(2);
    const [, retried] = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT details->>'grace_retry' AS grace_retry FROM audit.log WHERE organization_id = ${org.id}
        AND event_type = 'auth.refresh.succeeded' AND details->>'session_id' = ${session_id} ORDER BY seq`,
    );
    expect(retried?.grace_retry).toBe('true');
  });

  it('treats a retry after the grace window as reuse even while the successor is unused', async () => {
    const { c, pair } = await signIn();
    const next = await (await refresh(c, pair.refresh_token)).json();
    const { session_id } = await decodeAccessToken(pair.access_token);
    await adminQuery(
      org.id,
      (tx) => tx`
      UPDATE app.refresh_tokens SET spent_at = spent_at - interval '11 seconds'
      WHERE session_id = ${session_id} AND spent_at IS NOT NULL`,
    );
    expect((await (await refresh(c, pair.refresh_token)).json()).code).toBe('refresh_token_reused');
    expect((await (await refresh(c, next.refresh_token)).json()).code).toBe('invalid_refresh_token');
  });

  it('never forks a family: concurrent refreshes of one token yield one successor', async () => {
    const { c, pair } = await signIn();
    const results = await Promise.all(Array.from({ length: 6 }, () => refresh(c, pair.refresh_token)));
    const bodies = await Promise.all(results.map((r) => r.json()));
    const successors = new Set(bodies.filter((b) => b.refresh_token).map((b) => b.refresh_token));
    expect(successors.size).toBe(1);
    const { session_id } = await decodeAccessToken(pair.access_token);
    const rows = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT count(*) FILTER (WHERE parent_id IS NOT NULL)::int AS children,
             count(*) FILTER (WHERE spent_at IS NULL AND revoked_at IS NULL)::int AS live
      FROM app.refresh_tokens WHERE session_id = ${session_id}`,
    );
    expect(rows[0]).toEqual({ children: 1, live: 1 });
  });

  it('rejects unknown and expired tokens with invalid_refresh_token', async () => {
    const { c, pair } = await signIn();
    expect((await (await refresh(c, 'x'.repeat(43))).json()).code).toBe('invalid_refresh_token');
    const { session_id } = await decodeAccessToken(pair.access_token);
    await adminQuery(
      org.id,
      (tx) => tx`
      UPDATE app.refresh_tokens SET expires_at = now() - interval '1 second' WHERE session_id = ${session_id}`,
    );
    const res = await refresh(c, pair.refresh_token);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('invalid_refresh_token');
    // a token we know is audited with the reason; the unknown one names no organization
    expect(await refreshEvents(session_id)).toEqual([
      { event_type: 'auth.refresh.failed', severity: 'notice', reason: 'expired' },
    ]);
  });

  it('refuses refresh for a suspended organization', async () => {
    const suspended = await newOrg('refresh-susp');
    const user = await newUser(suspended);
    const c = client(app);
    const pair = await (await c.login(user)).json();
    await adminQuery(
      suspended.id,
      (tx) => tx`UPDATE app.organizations SET status = 'suspended' WHERE id = ${suspended.id}`,
    );
    expect((await (await refresh(c, pair.refresh_token)).json()).code).toBe('invalid_refresh_token');
    expect((await c.login(user)).status).toBe(401);
    const { session_id } = await decodeAccessToken(pair.access_token);
    expect(await refreshEvents(session_id, suspended.id)).toEqual([
      { event_type: 'auth.refresh.failed', severity: 'notice', reason: 'organization_inactive' },
    ]);
  });

  it('does not accept an access token as a refresh token', async () => {
    const { c, pair } = await signIn();
    const res = await refresh(c, pair.access_token);
    expect(res.status).toBe(422); // longer than any refresh token: refused by the schema
    const short = await refresh(c, pair.access_token.slice(0, 200));
    expect((await short.json()).code).toBe('invalid_refresh_token');
  });
});
