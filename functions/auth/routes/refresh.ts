import { createRoute } from '@hono/zod-openapi';
import { Session } from '@scip/auth';
import { type App, errorResponses } from '@scip/http';
import { json, jsonBody, RefreshBody, TokenPair } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/refresh',
  tags: ['auth'],
  summary: 'Exchange a refresh token for a new pair (the presented token is spent)',
  description:
    'Rotation with reuse detection: a spent token presented again revokes the whole session and answers ' +
    '`refresh_token_reused`. A retry of the same token within REFRESH_REUSE_GRACE_SECONDS (default 5 s) ' +
    'while its successor is unused gets the same successor again.',
  request: jsonBody(RefreshBody),
  responses: {
    200: json(TokenPair, 'The new pair'),
    ...errorResponses(
      'validation_failed',
      'invalid_refresh_token',
      'refresh_token_reused',
      'rate_limited',
      'dependency_unavailable',
    ),
  },
});

export function registerRefresh(app: App) {
  app.openapi(route, async (c) => {
    const pair = await Session.refresh(c.req.valid('json').refresh_token);
    c.header('Cache-Control', 'no-store');
    return c.json(pair, 200);
  });
}
