export type { AfterCommitOptions } from './after-commit.ts';
export { type DbLogger, setDbLogger } from './logger.ts';
export {
  MIGRATIONS_DIR,
  type MigrateOptions,
  type MigrationStatus,
  migrate,
  migrationStatus,
} from './migrate.ts';
export { maskParameter } from './query-log.ts';
export {
  closeSql,
  createSql,
  type Sql,
  type SqlOptions,
  setSql,
  type TransactionSql,
  useSql,
} from './sql.ts';
export {
  afterCommit,
  inTransaction,
  type TransactionOptions,
  useTransaction,
  withTransaction,
} from './transaction.ts';
