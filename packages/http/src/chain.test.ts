import { AppError } from '@scip/errors';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { captureLogs } from './test-support/log-capture.ts';

describe('middleware chain order', () => {
  it('registers the stages in the documented order', () => {
    const app = createApp({ name: 'order', logger: captureLogs().logger, config: { metricsEnabled: true } });
    const stages = app.routes
      .filter((r) => r.method === 'ALL' && r.path === '/*')
      .map((r) => r.handler.name.replace(/\d+$/, '')); // bundlers may suffix shadowed names
    expect(stages).toEqual([
      'requestId',
      'requestLogger',
      'tracing',
      'requestMetrics',
      'securityHeaders',
      'apiVersion',
      'cors',
      'bodyLimit',
      'timeout',
      'compression',
    ]);
  });

  it('outer stages see what inner stages answered: an error from the handler is logged once, with id and status', async () => {
    const logs = captureLogs();
    const app = createApp({
      name: 'order',
      logger: logs.logger,
      config: { corsOrigins: ['https://a.example'] },
    });
    app.get('/conflict', () => {
      throw new AppError('version_conflict', 'Changed meanwhile');
    });
    const res = await app.request('/conflict', {
      headers: { Origin: 'https://a.example', 'X-Request-Id': 'chain-order-0001' },
    });
    // error handler (innermost) → CORS → security headers → request id (outermost) all touched the response
    expect(res.status).toBe(409);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBe('chain-order-0001');
    const access = logs.lines().filter((l) => l.msg === 'request');
    expect(access).toEqual([
      expect.objectContaining({ status: 409, route: '/conflict', request_id: 'chain-order-0001' }),
    ]);
  });

  it('a stage that answers early (body limit) skips the inner stages but not the outer ones', async () => {
    const logs = captureLogs();
    let handlerRan = false;
    const app = createApp({
      name: 'order',
      logger: logs.logger,
      config: { bodyLimitBytes: 1024, corsOrigins: ['https://a.example'] },
    });
    app.post('/upload', async (c) => {
      handlerRan = true;
      return c.json({ size: (await c.req.arrayBuffer()).byteLength });
    });
    const res = await app.request('/upload', {
      method: 'POST',
      body: new Uint8Array(4096),
      headers: { Origin: 'https://a.example' },
    });
    expect(res.status).toBe(413);
    expect(handlerRan).toBe(false);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('api-version')).toBe('1');
  });
});
