import { createRoute, z } from '@hono/zod-openapi';
import { Session } from '@scip/auth';
import { type App, errorResponses } from '@scip/http';
import { json } from '../schemas.ts';
import { bearerFailures, bearerRoute } from './bearer.ts';

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

const listRoute = createRoute({
  ...bearerRoute,
  method: 'get',
  path: '/api/v1/auth/sessions',
  summary: 'Your live sessions (devices)',
  responses: {
    200: json(z.object({ items: z.array(SessionSummary) }).openapi('SessionList'), 'Newest first'),
    ...errorResponses(...bearerFailures),
  },
});

const revokeRoute = createRoute({
  ...bearerRoute,
  method: 'delete',
  path: '/api/v1/auth/sessions/{id}',
  summary: 'Sign out one of your sessions (another device)',
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    204: { description: 'Ended' },
    ...errorResponses(...bearerFailures, 'validation_failed', 'not_found'),
  },
});

export function registerSessions(app: App) {
  app.openapi(listRoute, async (c) => c.json({ items: await Session.listMine() }, 200));
  app.openapi(revokeRoute, async (c) => {
    await Session.revokeMine(c.req.valid('param').id);
    return c.body(null, 204);
  });
}
