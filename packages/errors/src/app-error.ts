import { type ErrorCode, statusOf } from './codes.ts';

export interface AppErrorOptions {
  /** The internal cause. Logged, never serialised into a response. */
  cause?: unknown;
  /** Public, structured detail (for example the invalid fields). Serialised as-is: never put secrets here. */
  extra?: Record<string, unknown>;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /** Overrides the status implied by the code (rarely needed). */
  status?: number;
}

/**
 * The one error type of the platform. Throw it anywhere; the HTTP error handler turns it into
 * `application/problem+json` with its status and stable `code`.
 *
 * @example
 * throw new AppError('version_conflict', 'The user was modified by someone else');
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? statusOf(code);
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
