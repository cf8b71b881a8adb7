import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from './server.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe('local server', () => {
  it('serves every function under one base URL', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(doc.paths).toHaveProperty('/ready');
    expect(doc.paths).toHaveProperty('/api/v1/auth/login');
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ organization: 'x' }),
    });
    expect(login.status).toBe(422);
    expect(await login.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('answers unknown routes 404 problem+json through a full middleware chain', async () => {
    const res = await fetch(`${server.url}/api/v1/nope`, {
      headers: { 'X-Request-Id': 'local-404-request' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('x-request-id')).toBe('local-404-request');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.json()).toMatchObject({ code: 'not_found', request_id: 'local-404-request' });
  });

  it('runs exactly one middleware chain per request (one request id, one set of headers)', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.headers.get('x-request-id')).not.toContain(',');
    expect(res.headers.get('content-security-policy')).not.toContain(',');
  });
});

describe('/docs in headless Chromium', () => {
  it('renders the route list from self-hosted assets, with no outside request and no CSP violation', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${server.url}/docs`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const paths = page.locator('.opblock-summary-path');
      await paths.filter({ hasText: '/health' }).first().waitFor({ timeout: 60_000 });
      const listed = await paths.allInnerTexts();
      expect(listed.map((p) => p.replace(/\u200b/g, ''))).toEqual(
        expect.arrayContaining(['/health', '/ready', '/api/v1/auth/login']),
      );
      expect(requested.filter((url) => !url.startsWith(server.url))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000); // Chromium start + a 1.5 MB bundle: slow on a loaded 2-CPU runner, bounded here
});
