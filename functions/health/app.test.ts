import { describe, expect, it } from 'vitest';
import { createHealthApp } from './app.ts';

describe('GET /health', () => {
  it('answers 200 {status: ok} with the standard headers', async () => {
    const app = createHealthApp({ targets: { databaseUrl: 'postgres://nobody:x@127.0.0.1:1/none' } });
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with request counts and durations by route pattern and status', async () => {
    const app = createHealthApp({ config: { metricsEnabled: true } });
    await app.request('/health');
    await app.request('/no/such/route');
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /http_requests_total\{service="health",method="GET",route="\/health",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /http_requests_total\{service="health",method="GET",route="unmatched",status="404"\} \d+/,
    );
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",service="health"');
    expect(text).toContain('# TYPE http_errors_total counter');
    expect(text).not.toContain('/no/such/route');
  });

  it('is absent when METRICS_ENABLED is false', async () => {
    const app = createHealthApp({ config: { metricsEnabled: false } });
    const res = await app.request('/metrics');
    expect(res.status).toBe(404);
  });
});
