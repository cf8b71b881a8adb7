import { createHmac } from 'node:crypto';
import { decodeAccessToken, jwks, signAccessToken } from '@scip/auth';
import { client, newOrg, newUser, type TestOrg } from '@scip/auth/test-support/fixtures';
import { newRsaJwk } from '@scip/auth/test-support/keys';
import { importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { app } from './index.ts';

let org: TestOrg;
let pair: { access_token: string };
const c = client(app);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

beforeAll(async () => {
  org = await newOrg('jwt');
  pair = await (await c.login(await newUser(org))).json();
});

async function rejected(token: string) {
  const res = await c.get('/api/v1/auth/me', { token });
  expect(res.status).toBe(401);
  expect((await res.json()).code).toBe('invalid_token');
}

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public halves only, and they verify issued tokens', async () => {
    const res = await c.get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual(await jwks());
    for (const key of body.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    }
    const { kid } = JSON.parse(
      Buffer.from(pair.access_token.split('.')[0] as string, 'base64url').toString(),
    );
    const jwk = body.keys.find((k: { kid: string }) => k.kid === kid);
    const { jwtVerify } = await import('jose');
    await expect(jwtVerify(pair.access_token, await importJWK(jwk, 'RS256'))).resolves.toBeTruthy();
  });
});

describe('JWT attacks through the HTTP edge', () => {
  const claims = () =>
    JSON.parse(Buffer.from(pair.access_token.split('.')[1] as string, 'base64url').toString());
  const header = () =>
    JSON.parse(Buffer.from(pair.access_token.split('.')[0] as string, 'base64url').toString());

  it('accepts the genuine token', async () => {
    expect((await c.get('/api/v1/auth/me', { token: pair.access_token })).status).toBe(200);
  });

  it('rejects alg none', async () => {
    await rejected(`${b64({ ...header(), alg: 'none' })}.${b64(claims())}.`);
  });

  it('rejects HS256 signed with the public key', async () => {
    const { keys } = await jwks();
    const h = b64({ ...header(), alg: 'HS256' });
    const p = b64(claims());
    const sig = createHmac('sha256', JSON.stringify(keys[0])).update(`${h}.${p}`).digest('base64url');
    await rejected(`${h}.${p}.${sig}`);
  });

  it('rejects an unknown kid and a foreign key using our kid', async () => {
    const stranger = newRsaJwk(header().kid);
    const key = await importJWK({ ...stranger, alg: 'RS256' }, 'RS256');
    const forged = await new SignJWT(claims()).setProtectedHeader(header()).sign(key);
    await rejected(forged);
    const unknown = await new SignJWT(claims()).setProtectedHeader({ ...header(), kid: 'nope' }).sign(key);
    await rejected(unknown);
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = pair.access_token.split('.');
    await rejected(`${h}.${b64({ ...claims(), role: 'org_admin', permissions: ['*'] })}.${s}`);
  });

  it('rejects a refresh token presented as an access token', async () => {
    const fresh = await (await c.login(await newUser(org))).json();
    await rejected(fresh.refresh_token);
  });

  it('rejects a token that expired (frozen clock: signed 16 minutes ago)', async () => {
    const decoded = await decodeAccessToken(pair.access_token);
    const subject = {
      userId: decoded.sub,
      orgId: decoded.org,
      role: decoded.role,
      permissions: decoded.permissions,
      sessionId: decoded.session_id,
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 16 * 60 * 1000);
    const old = await signAccessToken(subject).finally(() => vi.useRealTimers());
    await rejected(old.token);
    // the same subject signed now is fine: only the time differs
    expect((await c.get('/api/v1/auth/me', { token: (await signAccessToken(subject)).token })).status).toBe(
      200,
    );
  });
});
