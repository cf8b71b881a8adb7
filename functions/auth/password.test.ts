import { Password } from '@scip/auth';
import {
  adminQuery,
  client,
  newOrg,
  newUser,
  strongPassword,
  type TestOrg,
} from '@scip/auth/test-support/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from './index.ts';

let org: TestOrg;
beforeAll(async () => {
  org = await newOrg('password');
});

async function signedIn() {
  const user = await newUser(org);
  const c = client(app);
  const { access_token } = await (await c.login(user)).json();
  const change = (current: string, next: string) =>
    c.post('/api/v1/auth/password', {
      token: access_token,
      body: { current_password: current, new_password: next },
    });
  return { user, c, change };
}

describe('POST /api/v1/auth/password', () => {
  it('enforces the policy: length, common passwords, email and organization', async () => {
    const { user, change } = await signedIn();
    for (const weak of ['short-Pw1', 'password1234567', user.email, `${org.slug}-rocks-2024`]) {
      const res = await change(user.password, weak);
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.code).toBe('password_too_weak');
      expect(body.problems.length).toBeGreaterThan(0);
    }
  });

  it('refuses the last five passwords (history) and accepts an older one', async () => {
    const { user, change } = await signedIn();
    const passwords = [user.password];
    for (let i = 0; i < 5; i++) {
      const next = strongPassword();
      expect((await change(passwords.at(-1) as string, next)).status).toBe(204);
      passwords.push(next);
    }
    const current = passwords.at(-1) as string;
    for (const recent of passwords.slice(-5)) {
      const res = await change(current, recent);
      expect(res.status).toBe(422);
      expect((await res.json()).code).toBe('password_reused');
    }
    // the sixth-newest (the original) has left the window of five
    expect((await change(current, passwords[0] as string)).status).toBe(204);
    const events = await adminQuery(
      org.id,
      (tx) => tx`
      SELECT count(*)::int AS n FROM audit.log WHERE organization_id = ${org.id}
        AND event_type = 'auth.password.changed' AND details->>'user_id' = ${user.id}`,
    );
    expect(events[0]?.n).toBe(6);
  });

  it('needs the right current password (401 invalid_credentials) and stores only argon2id hashes', async () => {
    const { user, change } = await signedIn();
    const res = await change('not-my-password-1', strongPassword());
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('invalid_credentials');
    const [row] = await adminQuery(
      org.id,
      (tx) => tx`SELECT password_hash FROM app.users WHERE id = ${user.id}`,
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('wrong current passwords count towards the lockout (423 account_locked)', async () => {
    const { user, change } = await signedIn();
    for (let i = 0; i < 5; i++)
      expect((await change(`wrong-${i}-password`, strongPassword())).status).toBe(401);
    const locked = await change(user.password, strongPassword());
    expect(locked.status).toBe(423);
    expect((await locked.json()).code).toBe('account_locked');
  });

  it('exports validate and hash for the operator CLI', async () => {
    expect(() => Password.validate('qwerty123456789', { email: 'a@b.c', org: 'acme' })).toThrow();
    expect(() => Password.validate('lunar-ferret-parade-7', { email: 'a@b.c', org: 'acme' })).not.toThrow();
    expect(await Password.hash('lunar-ferret-parade-7')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
