import { client, newOrg, newUser } from '@scip/auth/test-support/fixtures';
import { resetEnv } from '@scip/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Per-endpoint override for this file's worker only (vitest isolates each test file in its own process).
const previous = process.env.RATE_LIMIT_OVERRIDES;
process.env.RATE_LIMIT_OVERRIDES = 'login=3/60,refresh=5/60,me=3/60';
resetEnv();
afterAll(() => {
  if (previous === undefined) delete process.env.RATE_LIMIT_OVERRIDES;
  else process.env.RATE_LIMIT_OVERRIDES = previous;
  resetEnv();
});
const { app } = await import('./index.ts');

let user: Awaited<ReturnType<typeof newUser>>;
beforeAll(async () => {
  user = await newUser(await newOrg('ratelimit'));
});

describe('per-IP rate limit on /api/v1/auth/*', () => {
  it('answers 429 rate_limited with Retry-After past the endpoint limit, per client IP', async () => {
    const c = client(app);
    for (let i = 0; i < 3; i++) expect((await c.login({ ...user, password: `bad-${i}` })).status).toBe(401);
    const limited = await c.login(user);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect((await limited.json()).code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // another address is not affected, and neither is another endpoint of the same address
    expect((await client(app).login(user)).status).toBe(200);
    const refresh = await c.post('/api/v1/auth/refresh', { body: { refresh_token: 'y'.repeat(43) } });
    expect(refresh.status).toBe(401);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set (a client cannot pick its own bucket)', async () => {
    const c = client(app);
    const spoofed = (i: number) =>
      c.post('/api/v1/auth/login', {
        body: { organization: user.orgSlug, email: user.email, password: `bad-${i}` },
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
    for (let i = 0; i < 3; i++) expect((await spoofed(i)).status).toBe(401);
    expect((await spoofed(99)).status).toBe(429);
  });

  it('uses RATE_LIMIT_AUTH for endpoints without an override', async () => {
    const c = client(app);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await c.get('/api/v1/auth/sessions')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('decides a Bearer request by the limit first, then by its token (verified alongside the limiter)', async () => {
    const c = client(app);
    const { access_token: token } = await (await c.login(user)).json();
    expect((await c.get('/api/v1/auth/me', { token })).status).toBe(200);
    const bad = await c.get('/api/v1/auth/me', { token: 'not-a-jwt' });
    expect(bad.status).toBe(401);
    expect((await bad.json()).code).toBe('invalid_token');
    expect((await c.post('/api/v1/auth/logout', { token })).status).toBe(204);
    const revoked = await c.get('/api/v1/auth/me', { token });
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).code).toBe('token_revoked');
    // the 4th /me of this address (me=3/60): refused by the limiter whatever the token says
    const limited = await c.get('/api/v1/auth/me', { token: 'not-a-jwt' });
    expect(limited.status).toBe(429);
    expect((await limited.json()).code).toBe('rate_limited');
    // another address with a live token still gets through
    const other = client(app);
    const fresh = (await (await other.login(user)).json()).access_token;
    expect((await other.get('/api/v1/auth/me', { token: fresh })).status).toBe(200);
  });
});
