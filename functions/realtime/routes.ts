import { createRoute } from '@hono/zod-openapi';
import { type AuthVariables, requireAuth } from '@scip/auth';
import { AppError } from '@scip/errors';
import { type App, errorResponses } from '@scip/http';
import { issueCredentials, RealtimeCredentials } from '@scip/realtime/credentials';

const credentialsRoute = createRoute({
  method: 'post',
  path: '/api/v1/realtime/credentials',
  tags: ['realtime'],
  summary: 'MQTT credentials for the current session (they die with the session)',
  description:
    'Creates or refreshes the broker client bound to the calling session: a fresh password (the previous one ' +
    'stops working and its live connection is dropped), the topics the caller may use, and `expires_at` no ' +
    'later than the session end. Logout, refresh-token reuse, password change, user disable and session ' +
    'expiry delete the client, which drops its live connection.',
  security: [{ bearer: [] }],
  middleware: [requireAuth({ apiKeys: false })] as const,
  responses: {
    200: {
      content: { 'application/json': { schema: RealtimeCredentials } },
      description: 'Broker URL, client id, username, password, expiry and topic policy',
    },
    ...errorResponses(
      'authentication_required',
      'invalid_token',
      'token_revoked',
      'permission_denied',
      'dependency_unavailable',
    ),
  },
});

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function registerCredentials(app: App): void {
  app.openapi(credentialsRoute, async (c) => {
    const { claims } = (c as unknown as { var: AuthVariables }).var;
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    if (!claims || !token) throw new AppError('authentication_required', 'This route needs a user token');
    const credentials = await issueCredentials({
      accessToken: token,
      tokenExpiresAt: new Date(claims.exp * 1000),
    });
    return c.json(credentials, 200);
  });
}
