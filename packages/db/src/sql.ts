import { useEnv } from '@scip/config';
import postgres from 'postgres';
import { logQuery } from './query-log.ts';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

export interface SqlOptions {
  url: string;
  /** Pool size; default DATABASE_POOL_MAX. */
  max?: number;
  /** Log every statement (masked parameters); default DATABASE_QUERY_LOG outside production. */
  queryLog?: boolean;
}

/**
 * A postgres.js pool fit for a transaction pooler: no prepared statements (PgBouncer in transaction
 * mode cannot route them) and at most one query pipelined behind the running one (`max_pipeline: 1`;
 * deeper pipelines wedge connections behind some poolers, porsager/postgres #970 and #1210).
 * `max_pipeline: 0` would be stricter but breaks `sql.begin` in postgres.js 3.4 (its onexecute
 * hook never fires), so 1 is the floor.
 *
 * @example
 * const admin = createSql({ url: useEnv().DATABASE_ADMIN_URL!, max: 2 });
 */
export function createSql(options: SqlOptions): Sql {
  const env = useEnv();
  const queryLog = options.queryLog ?? (env.DATABASE_QUERY_LOG && env.NODE_ENV !== 'production');
  const ssl = env.DATABASE_SSL === 'disable' ? false : env.DATABASE_SSL;
  return postgres(options.url, {
    prepare: false,
    max: options.max ?? env.DATABASE_POOL_MAX,
    max_pipeline: 1,
    idle_timeout: 30,
    connect_timeout: 10,
    ssl,
    onnotice: () => {},
    connection: { application_name: `scip-${env.STAGE}` },
    ...(queryLog ? { debug: logQuery } : {}),
  } as postgres.Options<Record<string, postgres.PostgresType>>);
}

let pool: Sql | undefined;

/** The shared pool (app_user through the pooler, DATABASE_URL), created on first use. */
export function useSql(): Sql {
  pool ??= createSql({ url: useEnv().DATABASE_URL });
  return pool;
}

/**
 * Replaces the shared pool, e.g. the operator CLI runs as app_admin. Closes nothing: the caller owns
 * the pool it passes in (closeSql() ends whatever is current).
 */
export function setSql(sql: Sql): void {
  pool = sql;
}

/** Ends the shared pool, waiting up to 5 s for running queries. */
export async function closeSql(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.end({ timeout: 5 });
}
