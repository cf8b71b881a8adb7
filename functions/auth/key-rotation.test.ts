import { client, newOrg, newUser, type TestUser } from '@scip/auth/test-support/fixtures';
import { newRsaJwk } from '@scip/auth/test-support/keys';
import { resetEnv } from '@scip/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from './index.ts';

// This file's worker re-reads the environment between steps (vitest isolates each test file's process).
const original = {
  keys: process.env.JWT_SIGNING_KEYS as string,
  active: process.env.JWT_ACTIVE_KID as string,
  retired: process.env.JWT_RETIRED_PUBLIC_KEYS,
};
function configure(keys: object[], active: string, retired: object[] = []) {
  process.env.JWT_SIGNING_KEYS = JSON.stringify(keys);
  process.env.JWT_ACTIVE_KID = active;
  process.env.JWT_RETIRED_PUBLIC_KEYS = JSON.stringify(retired);
  resetEnv();
}
afterAll(() => {
  process.env.JWT_SIGNING_KEYS = original.keys;
  process.env.JWT_ACTIVE_KID = original.active;
  if (original.retired === undefined) delete process.env.JWT_RETIRED_PUBLIC_KEYS;
  else process.env.JWT_RETIRED_PUBLIC_KEYS = original.retired;
  resetEnv();
});

let user: TestUser;
beforeAll(async () => {
  user = await newUser(await newOrg('rotation'));
});

const kidOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).kid as string;

describe('signing key rotation (README procedure)', () => {
  it('new key signs, old tokens keep verifying until the old key is dropped', async () => {
    const c = client(app);
    const oldKeys = JSON.parse(original.keys) as { kid: string; n: string; e: string }[];
    const oldKid = original.active;
    const oldToken = (await (await c.login(user)).json()).access_token;
    expect(kidOf(oldToken)).toBe(oldKid);

    // steps 1+2: add the new key and make it active
    const next = newRsaJwk(`rotated-${Date.now()}`);
    configure([...oldKeys, next], next.kid);
    const newToken = (await (await c.login(user)).json()).access_token;
    expect(kidOf(newToken)).toBe(next.kid);
    const kids = (await (await c.get('/.well-known/jwks.json')).json()).keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(kids).toEqual(expect.arrayContaining([oldKid, next.kid]));
    expect((await c.get('/api/v1/auth/me', { token: oldToken })).status).toBe(200);
    expect((await c.get('/api/v1/auth/me', { token: newToken })).status).toBe(200);

    // step 3a: the old private key leaves; its public half is retired and still verifies
    const old = oldKeys.find((k) => k.kid === oldKid);
    configure([next], next.kid, [{ kty: 'RSA', kid: oldKid, n: old?.n, e: old?.e }]);
    expect((await c.get('/api/v1/auth/me', { token: oldToken })).status).toBe(200);

    // step 3b: dropped entirely — its tokens are refused, the new ones are not
    configure([next], next.kid);
    const refused = await c.get('/api/v1/auth/me', { token: oldToken });
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe('invalid_token');
    expect((await c.get('/api/v1/auth/me', { token: newToken })).status).toBe(200);
  });
});
