import {
  type App,
  type CreateAppOptions,
  createApp,
  httpConfigFromEnv,
  mergeOpenApiDocuments,
} from '@scip/http';
import { DOCS_HTML, INIT_JS } from './page.ts';
import { ASSET_TYPES, readAsset } from './swagger-assets.ts';

export interface DocsAppOptions extends Partial<Pick<CreateAppOptions, 'config' | 'logger'>> {
  /** The function apps whose routes the document describes. */
  apps: readonly App[];
}

const DOCUMENT_INFO = {
  title: 'SCIP API',
  version: '1.0.0',
  description: 'Multi-tenant platform API (Phase 1: organizations, authentication, realtime credentials).',
};

/** GET /openapi.json (OpenAPI 3.1 of every function) and GET /docs (self-hosted Swagger UI); off when DOCS_ENABLED=false. */
export function createDocsApp(options: DocsAppOptions): App {
  const app = createApp({ name: 'docs', docsPathPrefix: '/docs', ...options });
  const enabled = options.config?.docsEnabled ?? httpConfigFromEnv().docsEnabled;
  if (!enabled) return app;
  let document: ReturnType<typeof mergeOpenApiDocuments> | undefined;

  app.get('/openapi.json', (c) => {
    document ??= mergeOpenApiDocuments([...options.apps, app], DOCUMENT_INFO);
    return c.json(document);
  });
  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/assets/init.js', (c) =>
    c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }),
  );
  app.get('/docs/assets/:name', (c) => {
    const name = c.req.param('name');
    const bytes = readAsset(name);
    if (!bytes) return c.notFound();
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': ASSET_TYPES[name] as string,
      'Cache-Control': 'public, max-age=86400',
    });
  });
  return app;
}
