import { useOrgId } from '@scip/context';
import { withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { z } from 'zod';
import { translate } from './db-errors.ts';

/** Per-organization settings: one JSON value per key, optimistic locking on `version`. */

export const Key = z.string().regex(/^[a-z0-9_.-]{1,100}$/);
export type Value = z.infer<ReturnType<typeof z.json>>;

export interface Info {
  key: string;
  value: Value;
  version: number;
  updated_at: Date;
}

export async function get(key: string): Promise<Info | undefined> {
  return withTransaction(async (tx) => {
    const [row] = await tx<Info[]>`
      select key, value, version, updated_at from app.organization_settings
      where key = ${Key.parse(key)} and deleted_at is null`;
    return row;
  });
}

export async function list(): Promise<Info[]> {
  return withTransaction(
    (tx) => tx<Info[]>`
      select key, value, version, updated_at from app.organization_settings
      where deleted_at is null order by key`,
  );
}

/**
 * Creates or replaces a setting. With `version`, only replaces the row at that version (else 409
 * `version_conflict`); without it, last write wins.
 *
 * @example
 * await Settings.set('exercise.default_duration', 90, { version: 3 });
 */
export async function set(key: string, value: Value, options: { version?: number } = {}): Promise<Info> {
  const k = Key.parse(key);
  useOrgId();
  return translate('Setting', () =>
    withTransaction(async (tx) => {
      const expected = options.version ?? null;
      const [row] = await tx<Info[]>`
        insert into app.organization_settings (key, value) values (${k}, ${tx.json(value)})
        on conflict (organization_id, key) where deleted_at is null do update set value = excluded.value
        where ${expected}::int is null or app.organization_settings.version = ${expected}::int
        returning key, value, version, updated_at`;
      if (!row) throw new AppError('version_conflict', `The setting ${k} changed since version ${expected}`);
      return row;
    }),
  );
}

/** Soft-deletes a setting; returns false when there was none. */
export async function remove(key: string): Promise<boolean> {
  return withTransaction(async (tx) => {
    const result = await tx`
      update app.organization_settings set deleted_at = now() where key = ${Key.parse(key)} and deleted_at is null`;
    return result.count > 0;
  });
}
