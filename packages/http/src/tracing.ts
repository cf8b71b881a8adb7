import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import type { RequestIdVariables } from './request-id.ts';
import { routePattern } from './route-pattern.ts';

/**
 * A server span around each request through `@opentelemetry/api` only: without an SDK registered this
 * is a no-op, and any exporter (X-Ray, OTLP) can be plugged in at deployment without code changes.
 */
export function tracing(service: string): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const tracer = trace.getTracer(`scip-http/${service}`);
  return async function tracing(c, next) {
    const attributes = {
      'http.request.method': c.req.method,
      'url.path': c.req.path,
      'scip.request_id': c.var.requestId,
    };
    await tracer.startActiveSpan(`${c.req.method}`, { kind: SpanKind.SERVER, attributes }, async (span) => {
      try {
        await next();
      } finally {
        const route = routePattern(c);
        span.updateName(`${c.req.method} ${route}`);
        span.setAttribute('http.route', route);
        span.setAttribute('http.response.status_code', c.res.status);
        if (c.error) span.recordException(c.error);
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
  };
}
