import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

/** Where the plain-SQL migrations live (`NNNN_name.sql` with `-- Up Migration` / `-- Down Migration`). */
export const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'migrations');
const MIGRATIONS_TABLE = 'pgmigrations';

export interface MigrateOptions {
  /** Owner connection string, direct to PostgreSQL (never through the transaction pooler). */
  url: string;
  direction?: 'up' | 'down';
  /** How many migrations to apply or roll back; default: all pending (up) or 1 (down). `Infinity` = all. */
  count?: number;
  /** Progress lines; silent by default. */
  log?: (message: string) => void;
}

/**
 * Applies or rolls back migrations with node-pg-migrate (plain SQL files, one transaction for the whole
 * batch, a session advisory lock so concurrent callers wait for each other).
 *
 * `checkOrder` is off on purpose: three teams own interleaved number ranges (0001–0049, 0050–0079,
 * 0080–0099), so a lower-numbered file may land after a higher one was applied. Pending files run in
 * file order; rollbacks undo in the order migrations actually ran.
 *
 * @example
 * await migrate({ url: process.env.DATABASE_OWNER_URL!, direction: 'up' });
 * await migrate({ url, direction: 'down', count: Number.POSITIVE_INFINITY });
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  const direction = options.direction ?? 'up';
  const ran = await runner({
    databaseUrl: options.url,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction,
    count: options.count ?? (direction === 'up' ? Number.POSITIVE_INFINITY : 1),
    checkOrder: false,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    logger: { debug: () => {}, info: log, warn: log, error: log },
  });
  return ran.map((m) => m.name);
}

export interface MigrationStatus {
  name: string;
  applied: boolean;
  runOn: string | null;
}

/** Every migration file and whether it has been applied (plus applied ones whose file is gone). */
export async function migrationStatus(url: string): Promise<MigrationStatus[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query('SELECT to_regclass($1) AS t', [`public.${MIGRATIONS_TABLE}`]);
    const rows = exists.rows[0]?.t
      ? (await client.query(`SELECT name, run_on FROM public.${MIGRATIONS_TABLE} ORDER BY run_on, id`)).rows
      : [];
    const applied = new Map<string, string>(rows.map((r) => [r.name, new Date(r.run_on).toISOString()]));
    const names = files.map((f) => f.replace(/\.sql$/, ''));
    const orphans = [...applied.keys()].filter((n) => !names.includes(n));
    return [...names, ...orphans].map((name) => ({
      name,
      applied: applied.has(name),
      runOn: applied.get(name) ?? null,
    }));
  } finally {
    await client.end();
  }
}
