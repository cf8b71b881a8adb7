import type { MiddlewareHandler } from 'hono';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { routePattern } from './route-pattern.ts';

/**
 * The process-wide Prometheus registry of the HTTP edge. `/metrics` serialises it; other packages may
 * register business metrics on it (`new Counter({ ..., registers: [metricsRegistry] })`).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const labelNames = ['service', 'method', 'route', 'status'] as const;

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from the first middleware to the response, by matched route pattern and status.',
  labelNames,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const httpRequestsTotal = new Counter({
  name: 'http_requests_total',
  help: 'Requests answered, by matched route pattern and status.',
  labelNames,
  registers: [metricsRegistry],
});

export const httpErrorsTotal = new Counter({
  name: 'http_errors_total',
  help: 'Responses with status >= 500 (server errors), by matched route pattern.',
  labelNames: ['service', 'method', 'route'] as const,
  registers: [metricsRegistry],
});

/** Records duration and count for every request (labels bounded: route pattern, never the raw path). */
export function requestMetrics(service: string): MiddlewareHandler {
  return async function requestMetrics(c, next) {
    const stop = httpRequestDuration.startTimer();
    await next();
    const labels = { service, method: c.req.method, route: routePattern(c), status: String(c.res.status) };
    stop(labels);
    httpRequestsTotal.inc(labels);
    if (c.res.status >= 500) httpErrorsTotal.inc({ service, method: labels.method, route: labels.route });
  };
}
