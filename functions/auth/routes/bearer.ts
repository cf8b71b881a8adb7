import { requireAuth } from '@scip/auth';

/** Route options shared by every Bearer-only auth route (API keys are refused: they have no session). */
export const bearerRoute = {
  tags: ['auth'],
  security: [{ bearer: [] as string[] }],
  middleware: [requireAuth({ apiKeys: false })],
};

/** The failures every Bearer route can answer with. */
export const bearerFailures = [
  'authentication_required',
  'invalid_token',
  'token_revoked',
  'rate_limited',
  'dependency_unavailable',
] as const;
