import { AsyncLocalStorage } from 'node:async_hooks';
import { useEnv } from '@scip/config';
import { type Actor, maybeOrgId, maybeRequest, useActor } from '@scip/context';
import { type AfterCommitOptions, type Effect, runEffects } from './after-commit.ts';
import { type Sql, type TransactionSql, useSql } from './sql.ts';

interface TransactionState {
  tx: TransactionSql;
  orgId: string;
  effects: Effect[];
}

const storage = new AsyncLocalStorage<TransactionState>();

export interface TransactionOptions {
  /** Pool to begin on; default `useSql()`. Ignored when joining an outer transaction. */
  sql?: Sql;
}

function describeActor(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return `user:${actor.userId}`;
    case 'api_key':
      return `api_key:${actor.keyId}`;
    case 'system':
      return `system:${actor.reason}`;
    default:
      return 'public';
  }
}

/** The context every statement of the transaction sees; transaction-local, so the pooler cannot leak it. */
async function setContext(tx: TransactionSql, orgId: string): Promise<void> {
  const actor = useActor();
  const request = maybeRequest();
  const userId = actor.type === 'user' ? actor.userId : '';
  await tx`
    select set_config('app.org_id', ${orgId}, true),
           set_config('app.user_id', ${userId}, true),
           set_config('app.actor', ${describeActor(actor)}, true),
           set_config('app.request_id', ${request?.requestId ?? ''}, true),
           set_config('app.client_ip', ${request?.clientIp ?? ''}, true),
           set_config('statement_timeout', ${String(useEnv().DATABASE_STATEMENT_TIMEOUT_MS)}, true)`;
}

/**
 * Runs `fn` in one database transaction scoped to the ambient actor's organization (RLS reads
 * `app.org_id`). Nested calls join the outer transaction. Effects queued with `afterCommit` run
 * once the transaction has committed, and are dropped if it rolls back.
 *
 * @example
 * const user = await withTransaction(async (tx) => {
 *   const [row] = await tx`insert into app.users ${tx(values)} returning *`;
 *   afterCommit(() => Events.emit('user.created', { id: row.id }));
 *   return row;
 * });
 */
export async function withTransaction<T>(
  fn: (tx: TransactionSql) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const orgId = maybeOrgId() ?? '';
  const outer = storage.getStore();
  if (outer) {
    if (outer.orgId !== orgId) {
      throw new Error('withTransaction: nested call under a different organization context');
    }
    return fn(outer.tx);
  }
  const effects: Effect[] = [];
  const sql = options.sql ?? useSql();
  const result = (await sql.begin(async (tx) => {
    await setContext(tx, orgId);
    return storage.run({ tx, orgId, effects }, () => fn(tx));
  })) as T;
  await runEffects(effects);
  return result;
}

/** The transaction of the current `withTransaction` scope; throws outside one. */
export function useTransaction(): TransactionSql {
  const state = storage.getStore();
  if (!state) throw new Error('useTransaction: not inside withTransaction');
  return state.tx;
}

export function inTransaction(): boolean {
  return storage.getStore() !== undefined;
}

/**
 * Queues a side effect (publish, cache invalidation, event handlers) to run after COMMIT of the
 * current transaction; dropped on rollback. Throws outside a transaction: run the effect directly.
 */
export function afterCommit(run: () => unknown | Promise<unknown>, options: AfterCommitOptions = {}): void {
  const state = storage.getStore();
  if (!state) throw new Error('afterCommit: not inside withTransaction');
  state.effects.push({ run, ...options });
}
