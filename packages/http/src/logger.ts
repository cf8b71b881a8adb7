import { AsyncLocalStorage } from 'node:async_hooks';
import { type DestinationStream, type Logger, pino } from 'pino';
import { redact } from './redact.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** The service (function) name, printed on every line. */
  name: string;
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/**
 * A structured JSON logger: ISO time, a `level` label, the service name, and deep redaction of
 * credentials (see `redact.ts`) in every line, whatever the nesting.
 *
 * @example
 * const logger = createLogger({ name: 'auth', level: 'info' });
 * logger.info({ user: { password: 'x' } }, 'hello'); // password is "[Redacted]"
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object) as Record<string, unknown>,
      },
    },
    options.destination,
  );
}

const storage = new AsyncLocalStorage<Logger>();
let fallback: Logger | undefined;

/** Runs `fn` with `logger` as the ambient logger returned by `useLogger()`. */
export function withLogger<T>(logger: Logger, fn: () => T): T {
  return storage.run(logger, fn);
}

/**
 * The logger of the current request (a child carrying `request_id`), or a process-wide logger outside
 * a request. Packages call this instead of passing loggers around.
 *
 * @example
 * useLogger().warn({ userId }, 'login throttled');
 */
export function useLogger(): Logger {
  const current = storage.getStore();
  if (current) return current;
  fallback ??= createLogger({ name: 'scip', level: process.env.LOG_LEVEL || 'info' });
  return fallback;
}
