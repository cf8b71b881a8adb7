import { createRoute } from '@hono/zod-openapi';
import { ApiKey, requireAuth, requirePermission, sameOrganization } from '@scip/auth';
import { type App, errorResponses } from '@scip/http';
import type { MiddlewareHandler } from 'hono';
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey, IdParam, json, RotatedApiKey } from './schemas.ts';

const failures = [
  'authentication_required',
  'invalid_token',
  'token_revoked',
  'permission_denied',
  'cross_organization',
  'dependency_unavailable',
] as const;
const guard = (permission: string) => ({
  tags: ['api-keys'],
  security: [{ bearer: [] }, { apiKey: [] }] as Record<string, string[]>[],
  middleware: [requireAuth(), sameOrganization(), requirePermission(permission)] as MiddlewareHandler[],
});

const createKey = createRoute({
  ...guard('api_keys:create'),
  method: 'post',
  path: '/api/v1/api-keys',
  summary: 'Create an API key (the key is shown once)',
  request: { body: { content: { 'application/json': { schema: CreateApiKeyBody } }, required: true } },
  responses: { 201: json(CreatedApiKey, 'Created'), ...errorResponses(...failures, 'validation_failed') },
});

const listKeys = createRoute({
  ...guard('api_keys:read'),
  method: 'get',
  path: '/api/v1/api-keys',
  summary: 'List the organization’s API keys (never the secrets)',
  responses: { 200: json(ApiKeyList, 'Keys, newest first'), ...errorResponses(...failures) },
});

const rotateKey = createRoute({
  ...guard('api_keys:rotate'),
  method: 'post',
  path: '/api/v1/api-keys/{id}/rotate',
  summary: 'Rotate a key: a new key now, the old one dies after API_KEY_ROTATION_GRACE_SECONDS',
  request: { params: IdParam },
  responses: { 201: json(RotatedApiKey, 'The new key'), ...errorResponses(...failures, 'not_found') },
});

const revokeKey = createRoute({
  ...guard('api_keys:revoke'),
  method: 'delete',
  path: '/api/v1/api-keys/{id}',
  summary: 'Revoke a key at once',
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(...failures, 'not_found') },
});

export function registerApiKeyRoutes(app: App) {
  app.openapi(createKey, async (c) => {
    const body = c.req.valid('json');
    const expiresAt = body.expires_at ? new Date(body.expires_at) : null;
    const { key, info } = await ApiKey.create({ name: body.name, permissions: body.permissions, expiresAt });
    return c.json({ ...info, key }, 201);
  });
  app.openapi(listKeys, async (c) => c.json({ items: await ApiKey.list() }, 200));
  app.openapi(rotateKey, async (c) => {
    const { key, info, previous } = await ApiKey.rotate(c.req.valid('param').id);
    return c.json({ ...info, key, previous }, 201);
  });
  app.openapi(revokeKey, async (c) => {
    await ApiKey.revoke(c.req.valid('param').id);
    return c.body(null, 204);
  });
}
