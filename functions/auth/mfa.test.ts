import { Mfa } from '@scip/auth';
import { adminQuery, client, newOrg, newUser, type TestOrg } from '@scip/auth/test-support/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from './index.ts';

let org: TestOrg;
beforeAll(async () => {
  org = await newOrg('mfa');
});

const STEP = 30_000;

/** A user with confirmed TOTP; returns its secret and recovery codes. */
async function enrolled() {
  const user = await newUser(org);
  const c = client(app);
  const { access_token } = await (await c.login(user)).json();
  const enroll = await c.post('/api/v1/auth/mfa/totp/enroll', { token: access_token });
  expect(enroll.status).toBe(200);
  const { secret, otpauth_uri } = await enroll.json();
  expect(otpauth_uri).toContain(`secret=${secret}`);
  const confirm = await c.post('/api/v1/auth/mfa/totp/confirm', {
    token: access_token,
    body: { code: Mfa.codeAt(secret) },
  });
  expect(confirm.status).toBe(200);
  const { recovery_codes } = await confirm.json();
  return { user, c, secret, recovery_codes: recovery_codes as string[], access_token };
}

describe('TOTP MFA', () => {
  it('stores the secret encrypted and recovery codes hashed', async () => {
    const { user, secret, recovery_codes } = await enrolled();
    expect(recovery_codes).toHaveLength(10);
    const [mfa] = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT totp_secret_encrypted, confirmed_at FROM app.user_mfa WHERE user_id = ${user.id} AND deleted_at IS NULL`,
    );
    expect(mfa?.totp_secret_encrypted).toMatch(/^v1:/);
    expect(mfa?.totp_secret_encrypted).not.toContain(secret);
    expect(mfa?.confirmed_at).toBeInstanceOf(Date);
    const codes = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT code_hash FROM app.mfa_recovery_codes WHERE user_id = ${user.id} AND deleted_at IS NULL`,
    );
    expect(codes).toHaveLength(10);
    expect(codes.map((r) => r.code_hash)).not.toContain(recovery_codes[0]);
    const [u] = await adminQuery(org.id, (tx) => tx`SELECT mfa_enabled FROM app.users WHERE id = ${user.id}`);
    expect(u?.mfa_enabled).toBe(true);
  });

  it('login needs the code (401 mfa_required), accepts a valid one once and rejects its replay', async () => {
    const { user, c, secret } = await enrolled();
    const without = await c.login(user);
    expect(without.status).toBe(401);
    expect((await without.json()).code).toBe('mfa_required');
    expect((await (await c.login(user, { totp: '000000' })).json()).code).toBe('invalid_totp');
    // the confirm used the current step; the next step's code is valid (±1 window) and new
    const code = Mfa.codeAt(secret, Date.now() + STEP);
    expect((await c.login(user, { totp: code })).status).toBe(200);
    const replay = await c.login(user, { totp: code });
    expect(replay.status).toBe(401);
    expect((await replay.json()).code).toBe('invalid_totp');
    // an older code of the window is a replay too
    expect((await c.login(user, { totp: Mfa.codeAt(secret) })).status).toBe(401);
  });

  it('recovery codes work once each, and are audited', async () => {
    const { user, c, recovery_codes } = await enrolled();
    const [first, second] = recovery_codes;
    expect((await c.login(user, { totp: first })).status).toBe(200);
    expect((await (await c.login(user, { totp: first })).json()).code).toBe('invalid_totp');
    expect((await c.login(user, { totp: second?.toUpperCase() })).status).toBe(200);
    const used = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT count(*)::int AS n FROM audit.log WHERE organization_id = ${org.id}
        AND event_type = 'auth.mfa.recovery_code_used' AND details->>'user_id' = ${user.id}`,
    );
    expect(used[0]?.n).toBe(2);
  });

  it('can be disabled with a code; then login needs no code; re-enrolment while on is refused', async () => {
    const { user, c, secret, access_token } = await enrolled();
    const again = await c.post('/api/v1/auth/mfa/totp/enroll', { token: access_token });
    expect(again.status).toBe(409);
    const wrong = await c.post('/api/v1/auth/mfa/totp/disable', {
      token: access_token,
      body: { code: '123456' },
    });
    expect(wrong.status).toBe(401);
    const off = await c.post('/api/v1/auth/mfa/totp/disable', {
      token: access_token,
      body: { code: Mfa.codeAt(secret, Date.now() + STEP) },
    });
    expect(off.status).toBe(204);
    expect((await c.login(user)).status).toBe(200);
  });

  it('wrong codes count towards the lockout', async () => {
    const { user, c } = await enrolled();
    for (let i = 0; i < 5; i++) expect((await c.login(user, { totp: '000000' })).status).toBe(401);
    expect((await c.login(user)).status).toBe(423);
  });
});
