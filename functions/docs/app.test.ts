import { describe, expect, it } from 'vitest';
import { createDocsApp } from './app.ts';
import { functionApps } from './apps.ts';
import { app } from './index.ts';

interface Doc {
  openapi: string;
  info: { description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  'x-error-codes': Record<string, { status: number; description: string }>;
}

describe('GET /openapi.json', () => {
  it('is one OpenAPI 3.1 document with every function route, bearer auth and the error dictionary', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/health', '/ready']) expect(doc.paths).toHaveProperty(path);
    for (const fn of functionApps) {
      for (const route of fn.routes.filter((r) => r.method !== 'ALL')) {
        const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
        if (route.path.startsWith('/api/') || route.path === '/health')
          expect(doc.paths, `${route.method} ${route.path}`).toHaveProperty(openApiPath);
      }
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas).toHaveProperty('Problem');
    expect(doc['x-error-codes'].validation_failed).toEqual({ status: 422, description: expect.any(String) });
    expect(doc['x-error-codes'].internal?.status).toBe(500);
    expect(doc.info.description).toContain('| `payload_too_large` | 413 |');
  });
});

describe('GET /docs', () => {
  it('serves the page with a CSP that allows only its own origin', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves the listed swagger-ui assets and nothing else of the package', async () => {
    const js = await app.request('/docs/assets/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await app.request('/docs/assets/swagger-ui.css')).status).toBe(200);
    expect((await app.request('/docs/assets/init.js')).status).toBe(200);
    expect((await app.request('/docs/assets/package.json')).status).toBe(404);
    expect((await app.request('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('DOCS_ENABLED=false', () => {
  it('serves neither the document nor the page', async () => {
    const off = createDocsApp({ apps: functionApps, config: { docsEnabled: false } });
    expect((await off.request('/openapi.json')).status).toBe(404);
    expect((await off.request('/docs')).status).toBe(404);
  });
});
