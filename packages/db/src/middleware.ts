import type { MiddlewareHandler } from 'hono';
import { withTransaction } from './transaction.ts';

const ROLLBACK = Symbol('rollback');

/**
 * Hono middleware: runs the rest of the request in one `withTransaction` (the actor must already be
 * set, i.e. mount it after `requireAuth()`), so every repository call of the handler joins it and
 * after-commit effects run before the response leaves. When the handler throws (Hono records it in
 * `c.error` and renders the error response), the transaction rolls back and its effects are dropped.
 *
 * Opt-in per route group: do not use it where a failure must still persist something (e.g. login
 * records failed attempts in the audit log and then answers 401) — those services open their own
 * transactions.
 *
 * @example
 * app.use('/api/v1/settings/*', requireAuth(), transactional());
 */
export function transactional(): MiddlewareHandler {
  return async function transactional(c, next) {
    try {
      await withTransaction(async () => {
        await next();
        if (c.error) throw ROLLBACK;
      });
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
  };
}
