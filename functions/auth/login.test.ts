import { decodeAccessToken } from '@scip/auth';
import { adminQuery, client, newOrg, newUser, type TestOrg } from '@scip/auth/test-support/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from './index.ts';

let org: TestOrg;
beforeAll(async () => {
  org = await newOrg('login');
});

describe('POST /api/v1/auth/login', () => {
  it('answers the contract pair with an RS256 access token carrying the contract claims', async () => {
    const user = await newUser(org, { role: 'member' });
    const res = await client(app).login(user);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, refresh_expires_in: 604_800 });
    const claims = await decodeAccessToken(body.access_token);
    expect(claims).toMatchObject({ sub: user.id, org: org.id, role: 'member' });
    expect(claims.permissions).toContain('users:read');
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const events = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT event_type FROM audit.log WHERE organization_id = ${org.id} AND details->>'user_id' = ${user.id}`,
    );
    expect(events.map((e) => e.event_type)).toContain('auth.login.succeeded');
  });

  it('answers the same 401 invalid_credentials for unknown org, unknown user, disabled user and wrong password', async () => {
    const user = await newUser(org);
    const disabled = await newUser(org);
    await adminQuery(org.id, (tx) => tx`UPDATE app.users SET disabled_at = now() WHERE id = ${disabled.id}`);
    const c = client(app);
    const attempts = [
      { ...user, orgSlug: 'no-such-org-x1' },
      { ...user, email: 'nobody@nowhere.test' },
      disabled,
      { ...user, password: 'wrong-password-123' },
    ];
    for (const a of attempts) {
      const res = await c.login(a);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = await res.json();
      expect(body.code).toBe('invalid_credentials');
      expect(body.detail).toBe('The organization, email or password is wrong');
    }
    const failed = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT details->>'reason' AS reason FROM audit.log
      WHERE organization_id = ${org.id} AND event_type = 'auth.login.failed'
        AND details->>'email' IN (${user.email}, 'nobody@nowhere.test', ${disabled.email})`,
    );
    expect(failed.map((f) => f.reason).sort()).toEqual(['disabled', 'unknown_user', 'wrong_password']);
  });

  it('takes comparable time for an unknown user and a wrong password (dummy hash verify)', async () => {
    const user = await newUser(org);
    const c = client(app);
    const time = async (body: Parameters<typeof c.login>[0]) => {
      const t0 = performance.now();
      const res = await c.login(body);
      expect(res.status).toBe(401);
      return performance.now() - t0;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      // separate accounts per round keep lockout out of the picture
      unknown.push(await time({ ...user, email: `ghost${i}-${user.email}` }));
      wrong.push(await time({ ...user, email: user.email, password: `wrong-${i}-password` }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const ratio = median(unknown) / median(wrong);
    // End to end and loose (shared CI machine); the sharp check of the dummy verify is in
    // packages/auth/src/login/login.test.ts, which fails when the dummy hash is removed.
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });

  it('locks the account after 5 failures: 423 account_locked even with the right password, audited', async () => {
    const user = await newUser(org);
    const c = client(app);
    for (let i = 0; i < 5; i++) {
      expect((await c.login({ ...user, password: `nope-${i}-nope-nope` })).status).toBe(401);
    }
    const res = await c.login(user);
    expect(res.status).toBe(423);
    expect((await res.json()).code).toBe('account_locked');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const locked = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT severity FROM audit.log WHERE organization_id = ${org.id} AND event_type = 'auth.account.locked'
        AND details->>'email' = ${user.email}`,
    );
    expect(locked).toHaveLength(1);
    expect(locked[0]?.severity).toBe('warning');
  });

  it('locks unknown accounts the same way (no enumeration through the lockout)', async () => {
    const c = client(app);
    const ghost = {
      id: '',
      email: 'ghost@x.test',
      password: 'whatever-pass-1',
      orgId: org.id,
      orgSlug: org.slug,
    };
    for (let i = 0; i < 5; i++) expect((await c.login(ghost)).status).toBe(401);
    expect((await c.login(ghost)).status).toBe(423);
  });

  it('re-hashes a password stored with outdated parameters on login', async () => {
    const user = await newUser(org);
    const { hash: rawHash } = await import('@node-rs/argon2');
    const old = await rawHash(user.password, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await adminQuery(org.id, (tx) => tx`UPDATE app.users SET password_hash = ${old} WHERE id = ${user.id}`);
    expect((await client(app).login(user)).status).toBe(200);
    const [row] = await adminQuery(
      org.id,
      (tx) => tx`SELECT password_hash FROM app.users WHERE id = ${user.id}`,
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('rejects malformed bodies with 422 validation_failed', async () => {
    const res = await client(app).post('/api/v1/auth/login', { body: { organization: 'x' } });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('validation_failed');
  });
});
