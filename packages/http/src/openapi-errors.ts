import type { OpenAPIHono } from '@hono/zod-openapi';
import { ERROR_CODES } from '@scip/errors';
import type { Env } from 'hono';
import { FieldErrorSchema, ProblemSchema } from './problem.ts';

/**
 * Registers the problem schemas and the bearer security scheme in an app's OpenAPI registry, so its
 * document is complete on its own. `createApp` calls it; call it yourself only on a bare OpenAPIHono.
 */
export function registerErrorSchemas<E extends Env>(app: OpenAPIHono<E>): void {
  app.openAPIRegistry.register('FieldError', FieldErrorSchema);
  app.openAPIRegistry.register('Problem', ProblemSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An RS256 access token from `POST /api/v1/auth/login` or `/refresh`.',
  });
}

/** The error dictionary as an OpenAPI extension: `{ code: { status, description } }`. */
export function errorDictionary(): Record<string, { status: number; description: string }> {
  return Object.fromEntries(Object.entries(ERROR_CODES).map(([code, entry]) => [code, { ...entry }]));
}

/** The error dictionary as a Markdown table, for the document's description. */
export function errorDictionaryMarkdown(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, e]) => `| \`${code}\` | ${e.status} | ${e.description} |`,
  );
  return ['| code | status | meaning |', '|---|---|---|', ...rows].join('\n');
}
