import { OpenAPIHono } from '@hono/zod-openapi';
import { setDbLogger } from '@scip/db';
import { bodyLimit } from './body-limit.ts';
import { compression } from './compression.ts';
import { type HttpConfig, httpConfigFromEnv } from './config.ts';
import { corsAllowList } from './cors.ts';
import { notFound, onError, validationHook } from './error-handler.ts';
import { createLogger, type Logger, useLogger } from './logger.ts';
import { requestMetrics } from './metrics.ts';
import { registerErrorSchemas } from './openapi-errors.ts';
import { type RequestIdVariables, requestId } from './request-id.ts';
import { type LoggerVariables, requestLogger } from './request-logger.ts';
import { securityHeaders } from './security-headers.ts';
import { timeout } from './timeout.ts';
import { tracing } from './tracing.ts';
import { apiVersion } from './versioning.ts';

export type AppEnv = { Variables: RequestIdVariables & LoggerVariables };
export type App = OpenAPIHono<AppEnv>;

export interface CreateAppOptions {
  /** The function's name: printed on every log line, a label on every metric. */
  name: string;
  /** Overrides of the settings read from the environment (tests, the local server). */
  config?: Partial<HttpConfig>;
  /** The root logger; default a JSON logger on stdout at `LOG_LEVEL`. */
  logger?: Logger;
  /** Paths under this prefix get the API-reference CSP instead of `default-src 'none'`. */
  docsPathPrefix?: string;
}

/**
 * The Hono app every function starts from, with the whole middleware chain in this order:
 *
 * 1. request id — keep a well-formed `X-Request-Id` or make one; `withRequest({ requestId, clientIp, userAgent })`
 * 2. logger — child logger with `request_id` (`c.var.logger`, `useLogger()`); one access-log line per request
 * 3. telemetry — an OpenTelemetry server span, Prometheus duration/count by route pattern and status
 * 4. security headers — CSP, X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy, HSTS when enabled;
 *    and `API-Version`
 * 5. CORS — allow-list from `CORS_ORIGINS`
 * 6. body limit — 413 `payload_too_large` over `BODY_LIMIT_BYTES`
 * 7. timeout — 504 `request_timeout` after `REQUEST_TIMEOUT_MS`
 * 8. compression — gzip/deflate of bodies ≥ 1 KiB when the client accepts it
 * 9. error handler — `onError`/`notFound`/validation hook: every error is `application/problem+json`
 *
 * Outer stages wrap inner ones, so an error answered at stage 9 (or a 413 at stage 6) still carries the
 * request id, the security headers, an access-log line and metrics.
 *
 * @example
 * export const app = createApp({ name: 'auth' });
 * app.openapi(loginRoute, async (c) => c.json(await login(c.req.valid('json')), 200));
 * export const handler = handle(app);
 */
export function createApp(options: CreateAppOptions): App {
  const config: HttpConfig = { ...httpConfigFromEnv(), ...options.config };
  const logger = options.logger ?? createLogger({ name: options.name, level: config.logLevel });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(requestId({ trustProxy: config.trustProxy }));
  app.use(requestLogger(logger));
  app.use(tracing(options.name));
  if (config.metricsEnabled) app.use(requestMetrics(options.name));
  app.use(securityHeaders({ hstsEnabled: config.hstsEnabled, docsPathPrefix: options.docsPathPrefix }));
  app.use(apiVersion());
  app.use(corsAllowList(config.corsOrigins));
  app.use(bodyLimit(config.bodyLimitBytes));
  app.use(timeout(config.requestTimeoutMs));
  app.use(compression());
  app.onError(onError);
  app.notFound(notFound);
  registerErrorSchemas(app);
  setDbLogger(dbLogsThroughRequestLogger);
  return app;
}

/** The data layer's logs (query log, failed after-commit effects) go through the request's logger, with its id. */
const dbLogsThroughRequestLogger = {
  debug: (obj: object, msg?: string) => useLogger().debug({ component: 'db', ...obj }, msg),
  error: (obj: object, msg?: string) => useLogger().error({ component: 'db', ...obj }, msg),
};
