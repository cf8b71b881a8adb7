import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth, Session } from '@scip/auth';
import { type App, errorResponses } from '@scip/http';
import { json } from '../schemas.ts';

const SessionSummary = z
  .object({
    id: z.string(),
    created_at: z.string(),
    last_seen_at: z.string().nullable(),
    expires_at: z.string(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi('SessionSummary');

const common = {
  tags: ['auth'],
  security: [{ bearer: [] as string[] }],
  middleware: [requireAuth({ apiKeys: false })],
};
const failures = [
  'authentication_required',
  'invalid_token',
  'token_revoked',
  'rate_limited',
  'dependency_unavailable',
] as const;

const listRoute = createRoute({
  ...common,
  method: 'get',
  path: '/api/v1/auth/sessions',
  summary: 'Your live sessions (devices)',
  responses: {
    200: json(z.object({ items: z.array(SessionSummary) }).openapi('SessionList'), 'Newest first'),
    ...errorResponses(...failures),
  },
});

const revokeRoute = createRoute({
  ...common,
  method: 'delete',
  path: '/api/v1/auth/sessions/{id}',
  summary: 'Sign out one of your sessions (another device)',
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    204: { description: 'Ended' },
    ...errorResponses(...failures, 'validation_failed', 'not_found'),
  },
});

export function registerSessions(app: App) {
  app.openapi(listRoute, async (c) => c.json({ items: await Session.listMine() }, 200));
  app.openapi(revokeRoute, async (c) => {
    await Session.revokeMine(c.req.valid('param').id);
    return c.body(null, 204);
  });
}
