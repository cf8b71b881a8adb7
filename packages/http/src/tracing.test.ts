import { SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { captureLogs } from './test-support/log-capture.ts';
import { recordingTracerProvider } from './test-support/recording-tracer.ts';

const provider = recordingTracerProvider();
trace.setGlobalTracerProvider(provider);

describe('tracing', () => {
  it('wraps each request in a server span named by method and route pattern', async () => {
    const app = createApp({ name: 'traced', logger: captureLogs().logger });
    app.get('/items/:id', (c) => c.json({ id: c.req.param('id') }));
    app.get('/fail', () => {
      throw new Error('kaput');
    });
    await app.request('/items/42', { headers: { 'X-Request-Id': 'trace-request-01' } });
    await app.request('/fail');
    const [ok, failed] = provider.spans;
    expect(ok).toMatchObject({
      name: 'GET /items/:id',
      ended: true,
      attributes: {
        'http.route': '/items/:id',
        'http.response.status_code': 200,
        'url.path': '/items/42',
        'scip.request_id': 'trace-request-01',
      },
    });
    expect(failed).toMatchObject({ name: 'GET /fail', status: { code: SpanStatusCode.ERROR }, ended: true });
    expect(failed?.exceptions).toHaveLength(1);
  });
});
