import { createRoute, z } from '@hono/zod-openapi';
import { ERROR_CODES } from '@scip/errors';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { mergeOpenApiDocuments } from './openapi.ts';
import { errorResponses } from './problem.ts';
import { captureLogs } from './test-support/log-capture.ts';

function appWith(path: string) {
  const app = createApp({ name: 'doc', logger: captureLogs().logger });
  app.openapi(
    createRoute({
      method: 'get',
      path,
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'ok',
          content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } },
        },
        ...errorResponses('authentication_required', 'invalid_token', 'permission_denied'),
      },
    }),
    (c) => c.json({ ok: true }, 200),
  );
  return app;
}

describe('mergeOpenApiDocuments', () => {
  it('merges paths and components, adds bearer auth and every error code', () => {
    const doc = mergeOpenApiDocuments([appWith('/a'), appWith('/b')], { title: 'T', version: '1' });
    expect(Object.keys(doc.paths)).toEqual(['/a', '/b']);
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc['x-error-codes'])).toEqual(Object.keys(ERROR_CODES));
    const responses = (doc.paths['/a'] as { get: { responses: Record<string, { description: string }> } }).get
      .responses;
    expect(responses['401']?.description).toContain('`invalid_token`');
    expect(responses['403']?.description).toContain('`permission_denied`');
    for (const code of Object.keys(ERROR_CODES)) expect(doc.info.description).toContain(`\`${code}\``);
  });

  it('refuses two functions defining the same operation', () => {
    expect(() => mergeOpenApiDocuments([appWith('/a'), appWith('/a')], { title: 'T', version: '1' })).toThrow(
      /GET \/a is defined twice/,
    );
  });

  it('refuses one component name with two meanings', () => {
    const a = appWith('/a');
    const b = appWith('/b');
    a.openAPIRegistry.register('Thing', z.object({ x: z.string() }));
    b.openAPIRegistry.register('Thing', z.object({ y: z.number() }));
    expect(() => mergeOpenApiDocuments([a, b], { title: 'T', version: '1' })).toThrow(
      /components\.schemas\.Thing/,
    );
  });
});
