import { createHmac } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newRsaJwk } from '../test-support/keys.ts';
import { decodeAccessToken, signAccessToken } from './access-token.ts';
import { type KeySet, loadKeySet } from './key-set.ts';

const env = {
  JWT_ISSUER: 'https://iss.test',
  JWT_AUDIENCE: 'aud-test',
  ACCESS_TOKEN_TTL_SECONDS: 900,
  CLOCK_SKEW_SECONDS: 30,
};
const subject = {
  userId: 'u-1',
  orgId: 'o-1',
  role: 'member' as const,
  permissions: ['users:read'],
  sessionId: 's-1',
};
let keys: KeySet;
let k1: ReturnType<typeof newRsaJwk>;

beforeAll(async () => {
  k1 = await newRsaJwk('k1');
  keys = await loadKeySet({ JWT_SIGNING_KEYS: [k1], JWT_ACTIVE_KID: 'k1', JWT_RETIRED_PUBLIC_KEYS: [] });
});
afterEach(() => vi.useRealTimers());

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const decode = (t: string) => decodeAccessToken(t, { keySet: keys, env });
const rejected = (t: string) =>
  expect(decode(t)).rejects.toMatchObject({ code: 'invalid_token', status: 401 });

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'u-1',
    org: 'o-1',
    role: 'member',
    permissions: [],
    session_id: 's-1',
    jti: 'j',
    iat: now,
    exp: now + 900,
    iss: env.JWT_ISSUER,
    aud: env.JWT_AUDIENCE,
    ...overrides,
  };
}

describe('access tokens', () => {
  it('round-trips the contract claims with kid and typ in the header', async () => {
    const { token, jti } = await signAccessToken(subject, { keySet: keys, env });
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toEqual({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' });
    const c = await decode(token);
    expect(c).toMatchObject({
      sub: 'u-1',
      org: 'o-1',
      role: 'member',
      permissions: ['users:read'],
      session_id: 's-1',
      jti,
    });
    expect(c.exp - c.iat).toBe(900);
  });

  it('rejects alg none', async () => {
    const unsecured = new UnsecuredJWT(claims()).encode();
    await rejected(unsecured);
    const [, p] = unsecured.split('.');
    await rejected(`${b64({ alg: 'none', kid: 'k1', typ: 'at+jwt' })}.${p}.`);
  });

  it('rejects HS256 signed with the public key as the HMAC secret', async () => {
    const header = b64({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' });
    const payload = b64(claims());
    for (const secret of [JSON.stringify(keys.publicJwks[0]), k1.n]) {
      const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      await rejected(`${header}.${payload}.${sig}`);
    }
  });

  it('rejects an unknown kid and a key that is not ours', async () => {
    const stranger = await newRsaJwk('k1');
    const otherKeys = await loadKeySet({
      JWT_SIGNING_KEYS: [stranger],
      JWT_ACTIVE_KID: 'k1',
      JWT_RETIRED_PUBLIC_KEYS: [],
    });
    await rejected((await signAccessToken(subject, { keySet: otherKeys, env })).token);
    const unknown = await newRsaJwk('k-unknown');
    const unknownKeys = await loadKeySet({
      JWT_SIGNING_KEYS: [unknown],
      JWT_ACTIVE_KID: 'k-unknown',
      JWT_RETIRED_PUBLIC_KEYS: [],
    });
    await rejected((await signAccessToken(subject, { keySet: unknownKeys, env })).token);
  });

  it('rejects expired and not-yet-valid tokens, honouring the clock skew', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { token } = await signAccessToken(subject, { keySet: keys, env });
    vi.setSystemTime(new Date('2030-01-01T00:15:20Z')); // 20 s past exp, within 30 s skew
    await expect(decode(token)).resolves.toBeTruthy();
    vi.setSystemTime(new Date('2030-01-01T00:15:31Z'));
    await expect(decode(token)).rejects.toMatchObject({
      code: 'invalid_token',
      message: 'The access token has expired',
    });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const future = await new SignJWT(claims({ nbf: Math.floor(Date.now() / 1000) + 120 }))
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
      .sign(keys.signingKey);
    await rejected(future);
  });

  it('rejects wrong audience, wrong issuer and tampered payloads', async () => {
    const sign = (c: object) =>
      new SignJWT(c as Record<string, unknown>)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
        .sign(keys.signingKey);
    await expect(decode(await sign(claims()))).resolves.toBeTruthy();
    await rejected(await sign(claims({ aud: 'someone-else' })));
    await rejected(await sign(claims({ iss: 'https://evil.test' })));
    const [h, , s] = (await sign(claims())).split('.');
    await rejected(`${h}.${b64(claims({ role: 'org_admin', permissions: ['*'] }))}.${s}`);
  });

  it('rejects a token of another type (e.g. a refresh or ID token) and opaque refresh tokens', async () => {
    const asRefresh = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'refresh+jwt' })
      .sign(keys.signingKey);
    await rejected(asRefresh);
    const noTyp = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(keys.signingKey);
    await rejected(noTyp);
    await rejected('dGhpcyBpcyBhbiBvcGFxdWUgcmVmcmVzaCB0b2tlbg');
  });

  it('rejects tokens missing contract claims', async () => {
    const { session_id: _s, ...rest } = claims();
    const t = await new SignJWT(rest)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
      .sign(keys.signingKey);
    await rejected(t);
  });
});

describe('key rotation', () => {
  it('the new key signs, tokens of the old key still verify, retired public keys verify, dropped keys do not', async () => {
    const k2 = await newRsaJwk('k2');
    const oldToken = (await signAccessToken(subject, { keySet: keys, env })).token;
    const rotated = await loadKeySet({
      JWT_SIGNING_KEYS: [k1, k2],
      JWT_ACTIVE_KID: 'k2',
      JWT_RETIRED_PUBLIC_KEYS: [],
    });
    const newToken = (await signAccessToken(subject, { keySet: rotated, env })).token;
    expect(JSON.parse(Buffer.from(newToken.split('.')[0] ?? '', 'base64url').toString()).kid).toBe('k2');
    await expect(decodeAccessToken(oldToken, { keySet: rotated, env })).resolves.toBeTruthy();
    await expect(decodeAccessToken(newToken, { keySet: rotated, env })).resolves.toBeTruthy();
    expect(rotated.publicJwks.map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(rotated.publicJwks.every((k) => !('d' in k))).toBe(true);

    const retired = await loadKeySet({
      JWT_SIGNING_KEYS: [k2],
      JWT_ACTIVE_KID: 'k2',
      JWT_RETIRED_PUBLIC_KEYS: [{ kty: 'RSA', kid: 'k1', n: k1.n, e: k1.e }],
    });
    await expect(decodeAccessToken(oldToken, { keySet: retired, env })).resolves.toBeTruthy();
    const dropped = await loadKeySet({
      JWT_SIGNING_KEYS: [k2],
      JWT_ACTIVE_KID: 'k2',
      JWT_RETIRED_PUBLIC_KEYS: [],
    });
    await expect(decodeAccessToken(oldToken, { keySet: dropped, env })).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('refuses an active kid that is not configured and keys under 2048 bits', async () => {
    await expect(
      loadKeySet({ JWT_SIGNING_KEYS: [k1], JWT_ACTIVE_KID: 'nope', JWT_RETIRED_PUBLIC_KEYS: [] }),
    ).rejects.toThrow(/JWT_ACTIVE_KID/);
    const small = await newRsaJwk('small', 1024);
    await expect(
      loadKeySet({ JWT_SIGNING_KEYS: [small], JWT_ACTIVE_KID: 'small', JWT_RETIRED_PUBLIC_KEYS: [] }),
    ).rejects.toThrow(/2048/);
  });
});
