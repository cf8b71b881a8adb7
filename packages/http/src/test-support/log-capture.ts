import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logger.ts';

export interface LogCapture {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: () => Record<string, unknown>[];
  /** The raw text written so far (to assert what must NOT appear anywhere). */
  text: () => string;
}

/** A real pino logger whose destination is memory, so tests read back exactly what would be printed. */
export function captureLogs(name = 'test', level = 'debug'): LogCapture {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ name, level, destination });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, text };
}
