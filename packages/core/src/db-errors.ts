import { AppError } from '@scip/errors';

interface PgError {
  code?: string;
  constraint_name?: string;
  message?: string;
}

/**
 * Translates PostgreSQL errors a caller can cause into stable AppErrors; anything else is rethrown.
 * 23505 unique → already_exists; 23514/23502/22P02 → validation_failed; 42501 (RLS/privileges) →
 * permission_denied.
 */
export function mapDbError(error: unknown, what: string): never {
  const e = error as PgError;
  switch (e?.code) {
    case '23505':
      throw new AppError('already_exists', `${what} already exists`, { cause: error });
    case '23514':
    case '23502':
    case '22P02':
      throw new AppError('validation_failed', `${what} is invalid`, { cause: error });
    case '42501':
      throw new AppError('permission_denied', `Not allowed to change this ${what.toLowerCase()}`, {
        cause: error,
      });
    default:
      throw error;
  }
}

/** Runs `fn`, translating database errors with mapDbError. */
export async function translate<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    return mapDbError(error, what);
  }
}
