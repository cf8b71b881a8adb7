export { type App, type AppEnv, type CreateAppOptions, createApp } from './app.ts';
export { bodyLimit } from './body-limit.ts';
export { clientIp } from './client-ip.ts';
export { compression } from './compression.ts';
export { type HttpConfig, httpConfigFromEnv } from './config.ts';
export { corsAllowList } from './cors.ts';
export { fieldErrors, notFound, onError, problem, validationHook } from './error-handler.ts';
export { createLogger, type Logger, type LoggerOptions, useLogger, withLogger } from './logger.ts';
export {
  httpErrorsTotal,
  httpRequestDuration,
  httpRequestsTotal,
  metricsRegistry,
  requestMetrics,
} from './metrics.ts';
export { type MergeOptions, mergeOpenApiDocuments } from './openapi.ts';
export { errorDictionary, errorDictionaryMarkdown, registerErrorSchemas } from './openapi-errors.ts';
export {
  errorResponses,
  FieldErrorSchema,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  ProblemSchema,
  problemBody,
} from './problem.ts';
export { REDACTED, redact } from './redact.ts';
export { REQUEST_ID_HEADER, type RequestIdVariables, requestId } from './request-id.ts';
export { type LoggerVariables, requestLogger } from './request-logger.ts';
export { routePattern, UNMATCHED_ROUTE } from './route-pattern.ts';
export { securityHeaders } from './security-headers.ts';
export { timeout } from './timeout.ts';
export { tracing } from './tracing.ts';
export { API_VERSION, apiVersion, type DeprecationOptions, deprecated } from './versioning.ts';
