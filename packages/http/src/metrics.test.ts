import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { metricsRegistry } from './metrics.ts';
import { captureLogs } from './test-support/log-capture.ts';

async function counter(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return Number(value?.value ?? 0);
}

describe('metrics', () => {
  it('counts requests by route pattern and status, and server errors separately', async () => {
    const app = createApp({
      name: 'metered',
      logger: captureLogs().logger,
      config: { metricsEnabled: true },
    });
    app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }));
    app.get('/broken', () => {
      throw new Error('nope');
    });
    await app.request('/things/1');
    await app.request('/things/2');
    await app.request('/broken');
    await app.request('/missing/3');
    const base = { service: 'metered', method: 'GET' };
    expect(await counter('http_requests_total', { ...base, route: '/things/:id', status: '200' })).toBe(2);
    expect(await counter('http_requests_total', { ...base, route: '/broken', status: '500' })).toBe(1);
    expect(await counter('http_requests_total', { ...base, route: 'unmatched', status: '404' })).toBe(1);
    expect(await counter('http_errors_total', { ...base, route: '/broken' })).toBe(1);
    expect(await counter('http_errors_total', { ...base, route: '/things/:id' })).toBe(0);
    const text = await metricsRegistry.metrics();
    expect(text).not.toContain('/things/1');
  });
});
