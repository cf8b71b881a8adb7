import { createRoute } from '@hono/zod-openapi';
import { Mfa } from '@scip/auth';
import { type App, errorResponses } from '@scip/http';
import { EnrollResponse, json, jsonBody, RecoveryCodes, TotpCodeBody } from '../schemas.ts';
import { bearerFailures, bearerRoute } from './bearer.ts';

const enrollRoute = createRoute({
  ...bearerRoute,
  method: 'post',
  path: '/api/v1/auth/mfa/totp/enroll',
  summary: 'Start TOTP enrolment: a secret and its otpauth URI (pending until confirmed)',
  responses: {
    200: json(EnrollResponse, 'Scan the URI'),
    ...errorResponses(...bearerFailures, 'already_exists'),
  },
});

const confirmRoute = createRoute({
  ...bearerRoute,
  method: 'post',
  path: '/api/v1/auth/mfa/totp/confirm',
  summary: 'Confirm enrolment with a first code; MFA is on, ten recovery codes are shown once',
  request: jsonBody(TotpCodeBody),
  responses: {
    200: json(RecoveryCodes, 'Single-use recovery codes'),
    ...errorResponses(...bearerFailures, 'validation_failed', 'invalid_totp'),
  },
});

const disableRoute = createRoute({
  ...bearerRoute,
  method: 'post',
  path: '/api/v1/auth/mfa/totp/disable',
  summary: 'Turn MFA off with a current code or a recovery code',
  request: jsonBody(TotpCodeBody),
  responses: {
    204: { description: 'MFA is off' },
    ...errorResponses(...bearerFailures, 'validation_failed', 'invalid_totp'),
  },
});

export function registerMfa(app: App) {
  app.openapi(enrollRoute, async (c) => c.json(await Mfa.enroll(), 200));
  app.openapi(confirmRoute, async (c) => c.json(await Mfa.confirm(c.req.valid('json').code), 200));
  app.openapi(disableRoute, async (c) => {
    await Mfa.disable(c.req.valid('json').code);
    return c.body(null, 204);
  });
}
