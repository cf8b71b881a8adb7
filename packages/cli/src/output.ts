import { isAppError } from '@scip/errors';
import { ZodError } from 'zod';

export interface CliError {
  error: { code: string; message: string };
}

/** Maps anything thrown to the CLI's error object: stable codes, no stack traces, no secrets. */
export function toCliError(error: unknown): CliError {
  if (isAppError(error)) return { error: { code: error.code, message: error.message } };
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
    return { error: { code: 'validation_failed', message } };
  }
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'CONNECT_TIMEOUT' || code === 'ENOTFOUND') {
    return { error: { code: 'dependency_unavailable', message: 'The database is not reachable' } };
  }
  if (error instanceof Error && error.name === 'ConfigError') {
    return { error: { code: 'validation_failed', message: error.message } };
  }
  return { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
}
