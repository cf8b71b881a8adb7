import { AppError, ERROR_CODES, type ErrorCode, isAppError } from '@scip/errors';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { type Logger, useLogger } from './logger.ts';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.ts';

/** Hono's own exceptions (malformed JSON, ...) carry a status; map it to our code for that status. */
const CODE_BY_STATUS = new Map<number, ErrorCode>([
  [400, 'bad_request'],
  [401, 'authentication_required'],
  [404, 'not_found'],
  [405, 'method_not_allowed'],
  [413, 'payload_too_large'],
  [415, 'unsupported_media_type'],
  [422, 'validation_failed'],
  [429, 'rate_limited'],
  [504, 'request_timeout'],
]);

function requestIdOf(c: Context): string {
  return (c.get('requestId') as string | undefined) ?? 'unknown';
}

function loggerOf(c: Context): Logger {
  return (c.get('logger') as Logger | undefined) ?? useLogger();
}

/** Writes a problem+json response. Problems are never cached. */
export function problem(
  c: Context,
  code: ErrorCode,
  detail: string,
  options: { status?: number; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Response {
  const status = options.status ?? ERROR_CODES[code].status;
  const body = problemBody(code, detail, requestIdOf(c), status, options.extra);
  const headers = new Headers(options.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers });
}

function fromAppError(c: Context, error: AppError): Response {
  if (error.status >= 500) loggerOf(c).error({ err: error, code: error.code }, error.message);
  else if (error.cause !== undefined) loggerOf(c).info({ err: error, code: error.code }, error.message);
  const options = {
    status: error.status,
    ...(error.extra && { extra: error.extra }),
    ...(error.headers && { headers: error.headers }),
  };
  return problem(c, error.code, error.message, options);
}

function fromHttpException(c: Context, error: HTTPException): Response {
  const code = CODE_BY_STATUS.get(error.status);
  if (!code || error.status >= 500) return internal(c, error);
  return problem(c, code, error.message || ERROR_CODES[code].description);
}

/** Anything unexpected: logged in full with its cause; the client learns only the request id. */
function internal(c: Context, error: unknown): Response {
  loggerOf(c).error({ err: error }, 'unhandled error');
  return problem(c, 'internal', 'An unexpected error occurred; quote the request id when reporting it.');
}

/** The one `onError` of every app (the last stage of the chain). */
export const onError: ErrorHandler = function onError(error, c) {
  if (isAppError(error)) return fromAppError(c, error);
  if (error instanceof HTTPException) return fromHttpException(c, error);
  return internal(c, error);
};

export const notFound: NotFoundHandler = function notFound(c) {
  return problem(c, 'not_found', `No route ${c.req.method} ${c.req.path}`);
};

/** zod issues → the `errors` list of a 422. */
export function fieldErrors(error: ZodError, target: string) {
  return error.issues.map((issue) => ({
    in: target,
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * The OpenAPIHono `defaultHook`: a request that fails its route's zod schemas becomes 422
 * `validation_failed`, listing each bad field.
 */
export function validationHook(result: { success: boolean; target: string; error?: ZodError }): void {
  if (result.success || !result.error) return;
  const errors = fieldErrors(result.error, result.target);
  throw new AppError(
    'validation_failed',
    `${errors.length} invalid field(s) in the request ${result.target}`,
    {
      extra: { errors },
    },
  );
}
