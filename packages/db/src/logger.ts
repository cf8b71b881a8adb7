import { pino } from 'pino';

/** The minimal logger the data layer needs; pino, @scip/http's logger or a test spy all fit. */
export interface DbLogger {
  debug(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

let current: DbLogger | undefined;

/**
 * Routes the data layer's logs (query log, failed after-commit effects) into the application's
 * structured logger. Without it, a pino logger on stderr is used (stdout stays free for CLI output).
 *
 * @example
 * setDbLogger(useLogger().child({ component: 'db' }));
 */
export function setDbLogger(logger: DbLogger): void {
  current = logger;
}

export function dbLogger(): DbLogger {
  current ??= pino(
    { name: 'db', level: process.env.LOG_LEVEL ?? 'info' },
    pino.destination({ fd: 2, sync: true }),
  );
  return current;
}
