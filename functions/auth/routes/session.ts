import { createRoute } from '@hono/zod-openapi';
import { me, recordAuthEvent, requireAuth, Session } from '@scip/auth';
import { useActor } from '@scip/context';
import { AppError } from '@scip/errors';
import { type App, errorResponses } from '@scip/http';
import { json, MeResponse } from '../schemas.ts';

const authFailures = [
  'authentication_required',
  'invalid_token',
  'token_revoked',
  'dependency_unavailable',
] as const;

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags: ['auth'],
  summary: 'End the current session (access and refresh tokens, MQTT connections)',
  security: [{ bearer: [] }],
  middleware: [requireAuth({ apiKeys: false })] as const,
  responses: {
    204: { description: 'The session has ended' },
    ...errorResponses(...authFailures, 'rate_limited'),
  },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/v1/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user, their permissions and organization',
  security: [{ bearer: [] }],
  middleware: [requireAuth({ apiKeys: false })] as const,
  responses: {
    200: json(MeResponse, 'The signed-in user'),
    ...errorResponses(...authFailures, 'rate_limited'),
  },
});

function currentSession() {
  const actor = useActor();
  if (actor.type !== 'user') throw new AppError('authentication_required', 'This route needs a user token');
  return actor;
}

export function registerSession(app: App) {
  app.openapi(logoutRoute, async (c) => {
    const actor = currentSession();
    await Session.revoke(actor.sessionId, 'logout');
    await recordAuthEvent('auth.logout', 'info', { user_id: actor.userId, session_id: actor.sessionId });
    return c.body(null, 204);
  });
  app.openapi(meRoute, async (c) => c.json(await me(), 200));
}
