import { client } from '@scip/auth/test-support/fixtures';
import { describe, expect, it } from 'vitest';
import { app } from './index.ts';

const c = client(app);
const raw = (path: string, init: RequestInit) =>
  app.request(path, init, { incoming: { socket: { remoteAddress: '10.200.0.1' } } });

describe('bad input never yields a 500', () => {
  it.each([
    [
      'login: not JSON',
      () =>
        raw('/api/v1/auth/login', {
          method: 'POST',
          body: '{',
          headers: { 'content-type': 'application/json' },
        }),
    ],
    ['login: no content type', () => raw('/api/v1/auth/login', { method: 'POST', body: '{}' })],
    [
      'login: wrong types',
      () => c.post('/api/v1/auth/login', { body: { organization: 1, email: [], password: null } }),
    ],
    [
      'login: bad totp',
      () =>
        c.post('/api/v1/auth/login', {
          body: { organization: 'a', email: 'a@b', password: 'x', totp: '12' },
        }),
    ],
    [
      'login: odd slug',
      () => c.post('/api/v1/auth/login', { body: { organization: "x'; drop", email: 'a@b', password: 'x' } }),
    ],
    ['refresh: short', () => c.post('/api/v1/auth/refresh', { body: { refresh_token: 'x' } })],
    ['me: ApiKey garbage', () => c.get('/api/v1/auth/me', { token: 'ApiKey .' })],
    ['me: empty bearer', () => c.get('/api/v1/auth/me', { headers: { authorization: 'Bearer ' } })],
    ['me: jwt with bad base64', () => c.get('/api/v1/auth/me', { token: 'a.b.c' })],
    ['mfa confirm without auth', () => c.post('/api/v1/auth/mfa/totp/confirm', { body: { code: 'abcdef' } })],
  ])('%s', async (_label, send) => {
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
