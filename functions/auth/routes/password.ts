import { createRoute } from '@hono/zod-openapi';
import { changePassword, requireAuth } from '@scip/auth';
import { type App, errorResponses } from '@scip/http';
import { jsonBody, PasswordBody } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/password',
  tags: ['auth'],
  summary: 'Change the password; every other session of the user ends',
  description:
    'Policy: at least PASSWORD_MIN_LENGTH characters, not among the 49 000 most common passwords, not ' +
    'containing the email or organization; none of the last PASSWORD_HISTORY passwords.',
  security: [{ bearer: [] }],
  middleware: [requireAuth({ apiKeys: false })] as const,
  request: jsonBody(PasswordBody),
  responses: {
    204: { description: 'Changed' },
    ...errorResponses(
      'validation_failed',
      'password_too_weak',
      'password_reused',
      'invalid_credentials',
      'account_locked',
      'authentication_required',
      'invalid_token',
      'token_revoked',
      'rate_limited',
      'dependency_unavailable',
    ),
  },
});

export function registerPassword(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    await changePassword(body.current_password, body.new_password);
    return c.body(null, 204);
  });
}
