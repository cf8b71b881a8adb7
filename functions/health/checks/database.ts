import type { Sql } from '@scip/db';
import type { ReadyCheck } from './check.ts';

/**
 * `select 1` through the pool the functions use (app_user via the transaction pooler), so it proves
 * the whole path: pooler up, server up, credentials valid.
 */
export function databaseCheck(sql: () => Sql): ReadyCheck {
  let pending: { cancel(): unknown } | undefined;
  return {
    name: 'database',
    required: true,
    async run() {
      const query = sql()`select 1 as ok`;
      pending = query;
      try {
        await query;
      } finally {
        pending = undefined;
      }
      return undefined;
    },
    cancel() {
      pending?.cancel();
    },
  };
}
