import { createRoute } from '@hono/zod-openapi';
import { jwks } from '@scip/auth';
import type { App } from '@scip/http';
import { Jwks, json } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['auth'],
  summary: 'Public keys that verify access tokens (active and not yet retired)',
  responses: { 200: json(Jwks, 'RFC 7517 JSON Web Key Set') },
});

export function registerJwks(app: App) {
  app.openapi(route, async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await jwks(), 200);
  });
}
