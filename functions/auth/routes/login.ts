import { createRoute } from '@hono/zod-openapi';
import { deviceFingerprint, hintsFromHeaders, login } from '@scip/auth';
import { maybeRequest } from '@scip/context';
import { type App, errorResponses } from '@scip/http';
import { json, jsonBody, LoginBody, TokenPair } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags: ['auth'],
  summary: 'Sign in with organization, email and password (and TOTP once MFA is on)',
  request: jsonBody(LoginBody),
  responses: {
    200: json(TokenPair, 'A new session: access and refresh token'),
    ...errorResponses(
      'validation_failed',
      'invalid_credentials',
      'mfa_required',
      'invalid_totp',
      'account_locked',
      'rate_limited',
      'dependency_unavailable',
    ),
  },
});

export function registerLogin(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const hints = hintsFromHeaders(c.req.raw.headers);
    const request = maybeRequest();
    const pair = await login(body, {
      ip: request?.clientIp,
      userAgent: request?.userAgent,
      fingerprint: deviceFingerprint(hints),
    });
    c.header('Cache-Control', 'no-store');
    return c.json(pair, 200);
  });
}
