import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { errorDictionary, errorDictionaryMarkdown } from './openapi-errors.ts';
import { API_VERSION } from './versioning.ts';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Components = NonNullable<Document['components']>;

export interface MergeOptions {
  title: string;
  version: string;
  description?: string;
  servers?: { url: string; description?: string }[];
}

const INTRO = `Every error is \`application/problem+json\` \`{ type, title, status, detail, code, request_id }\`
(plus \`errors\` for \`validation_failed\`). Clients branch on \`code\`; the codes never change meaning.
Every response carries \`X-Request-Id\` and \`API-Version: ${API_VERSION}\`. Deprecated routes answer with
\`Deprecation\` and \`Sunset\` headers and are marked deprecated below.`;

function mergeComponents(target: Components, source: Components | undefined): void {
  if (!source) return;
  const buckets = target as Record<string, Record<string, unknown>>;
  for (const [kind, entries] of Object.entries(source) as [string, Record<string, unknown>][]) {
    const bucket = buckets[kind] ?? {};
    for (const [name, value] of Object.entries(entries)) {
      const existing = bucket[name];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(value)) {
        throw new Error(`OpenAPI: two functions define components.${kind}.${name} differently`);
      }
      bucket[name] = value;
    }
    buckets[kind] = bucket;
  }
}

/**
 * One OpenAPI 3.1 document from the apps of every function: paths and components merged, the bearer
 * security scheme, and the error dictionary (in the description and as `x-error-codes`).
 * An operation defined by two apps, or a component name with two meanings, is a bug: it throws, so the
 * docs test catches it.
 *
 * @example
 * const doc = mergeOpenApiDocuments([authApp, healthApp], { title: 'SCIP API', version: '1.0.0' });
 */
export function mergeOpenApiDocuments<E extends Env>(apps: readonly OpenAPIHono<E>[], options: MergeOptions) {
  const info = { title: options.title, version: options.version };
  const paths: NonNullable<Document['paths']> = {};
  const components: Components = {};
  for (const app of apps) {
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info });
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const existing = paths[path];
      for (const method of Object.keys(item)) {
        if (existing && method in existing)
          throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is defined twice`);
      }
      paths[path] = { ...existing, ...item };
    }
    mergeComponents(components, doc.components);
  }
  const description = [options.description, INTRO, '## Error codes', errorDictionaryMarkdown()]
    .filter(Boolean)
    .join('\n\n');
  return {
    openapi: '3.1.0',
    info: { ...info, description },
    ...(options.servers && { servers: options.servers }),
    paths,
    components,
    'x-error-codes': errorDictionary(),
  };
}
