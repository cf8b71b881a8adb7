import { maybeRequest } from '@scip/context';
import type { MiddlewareHandler } from 'hono';
import { type Logger, withLogger } from './logger.ts';
import type { RequestIdVariables } from './request-id.ts';
import { routePattern } from './route-pattern.ts';

export type LoggerVariables = { logger: Logger };

/**
 * Second in the chain: gives the request a child logger carrying `request_id` (in `c.var.logger` and
 * through `useLogger()`), and writes one access-log line when the response is ready:
 * `{ method, route, path, status, duration_ms, client_ip }`. The query string is never logged (it may carry secrets).
 */
export function requestLogger(
  root: Logger,
): MiddlewareHandler<{ Variables: RequestIdVariables & LoggerVariables }> {
  return async function requestLogger(c, next) {
    const started = performance.now();
    const logger = root.child({ request_id: c.var.requestId });
    const clientIp = maybeRequest()?.clientIp;
    c.set('logger', logger);
    await withLogger(logger, next);
    const status = c.res.status;
    const line = {
      method: c.req.method,
      route: routePattern(c),
      path: c.req.path,
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      client_ip: clientIp,
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}
