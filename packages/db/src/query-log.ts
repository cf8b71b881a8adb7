import { dbLogger } from './logger.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A parameter as it may appear in a log: ids, numbers, booleans and null as they are; anything
 * else (emails, hashes, tokens, JSON) reduced to its type and length.
 */
export function maskParameter(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'string') return UUID.test(value) ? value : `[string:${value.length}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[array:${value.length}]`;
  return `[${typeof value}]`;
}

/** postgres.js `debug` callback: one debug line per statement, parameters masked. */
export function logQuery(connection: number, query: string, parameters: unknown[]): void {
  dbLogger().debug(
    { connection, query: query.replace(/\s+/g, ' ').trim(), params: parameters.map(maskParameter) },
    'sql',
  );
}
