import { pino } from 'pino';

let logger: pino.Logger | undefined;

/** Realtime's structured logger (JSON on stdout, `LOG_LEVEL`); auth failures and broker trouble go here. */
export function realtimeLogger(): pino.Logger {
  logger ??= pino({ name: 'realtime', level: process.env.LOG_LEVEL ?? 'info' });
  return logger;
}
