import { useEnv } from '@scip/config';
import { useActor } from '@scip/context';
import { withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { z } from 'zod';
import { recordAuthEvent } from '../audit-events.ts';
import { hasPermission } from '../permissions.ts';
import { generateKey, hashSecret } from './secret.ts';

export const ApiKeyInfo = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  rotated_from: z.string().nullable(),
  created_at: z.string(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

interface Row {
  id: string;
  prefix: string;
  name: string;
  permissions: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  rotated_from: string | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function toInfo(r: Row): ApiKeyInfo {
  return {
    ...r,
    expires_at: iso(r.expires_at),
    revoked_at: iso(r.revoked_at),
    last_used_at: iso(r.last_used_at),
    created_at: r.created_at.toISOString(),
  };
}
const COLUMNS =
  'id, prefix, name, permissions, expires_at, revoked_at, last_used_at, rotated_from, created_at';

/** A key may carry only permissions its creator holds (no escalation through integrations). */
function assertGrantable(permissions: readonly string[]): void {
  const actor = useActor();
  if (actor.type === 'system' || actor.type === 'public') return;
  const missing = permissions.filter((p) => !hasPermission(actor.permissions, p));
  if (missing.length > 0) {
    throw new AppError('permission_denied', 'A key cannot carry permissions you do not have', {
      extra: { missing },
    });
  }
}

/**
 * A permission code a key may carry: `:`-separated lowercase segments, `*` as a wildcard segment. The same
 * rule as the HTTP body (functions/api-keys/schemas.ts); the operator CLI validates `--scopes` with it.
 */
export const Scope = z.string().regex(/^[a-z_*]+(:[a-z_*]+)*$/);

/** Name and scopes of a new key, validated as the HTTP route does (trimmed name of 1–200, ≤ 100 scopes). */
export const CreateInput = z.object({
  name: z.string().trim().min(1).max(200),
  permissions: z.array(Scope).max(100),
});

export interface NewApiKey {
  name: string;
  permissions: string[];
  expiresAt?: Date | null;
}

/**
 * Creates an API key in the current organization. The full key (`prefix.secret`) is in the result only
 * this once; the database keeps a SHA-256 of the secret.
 *
 * @example
 * const { key, info } = await ApiKey.create({ name: 'ci', permissions: ['users:read'] });
 */
export async function create(input: NewApiKey, rotatedFrom: string | null = null) {
  assertGrantable(input.permissions);
  const { prefix, secret, key } = generateKey();
  return withTransaction(async (tx) => {
    const [row] = await tx<Row[]>`
      INSERT INTO app.api_keys (prefix, secret_hash, name, permissions, expires_at, rotated_from)
      VALUES (${prefix}, ${hashSecret(secret)}, ${input.name}, ${input.permissions}, ${input.expiresAt ?? null},
              ${rotatedFrom})
      RETURNING ${tx.unsafe(COLUMNS)}`;
    if (!row) throw new Error('api key insert returned no row');
    const type = rotatedFrom ? 'auth.api_key.rotated' : 'auth.api_key.created';
    await recordAuthEvent(type, 'notice', {
      key_id: row.id,
      prefix,
      permissions: input.permissions,
      rotated_from: rotatedFrom,
    });
    return { key, info: toInfo(row) };
  });
}

/** Every key of the organization, newest first (never the secret). */
export async function list(): Promise<ApiKeyInfo[]> {
  const rows = await withTransaction(
    (tx) =>
      tx<
        Row[]
      >`SELECT ${tx.unsafe(COLUMNS)} FROM app.api_keys WHERE deleted_at IS NULL ORDER BY created_at DESC`,
  );
  return rows.map(toInfo);
}

async function lockLive(id: string) {
  return withTransaction(async (tx) => {
    const [row] = await tx<Row[]>`
      SELECT ${tx.unsafe(COLUMNS)} FROM app.api_keys
      WHERE id = ${id} AND deleted_at IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      FOR UPDATE`;
    if (!row) throw new AppError('not_found', 'No live API key with this id');
    return row;
  });
}

/** Revokes a key at once. 404 `not_found` when there is no live key with that id in the organization. */
export async function revoke(id: string): Promise<ApiKeyInfo> {
  return withTransaction(async (tx) => {
    await lockLive(id);
    const [row] = await tx<
      Row[]
    >`UPDATE app.api_keys SET revoked_at = now() WHERE id = ${id} RETURNING ${tx.unsafe(COLUMNS)}`;
    if (!row) throw new AppError('not_found', 'No live API key with this id');
    await recordAuthEvent('auth.api_key.revoked', 'notice', { key_id: id, prefix: row.prefix });
    return toInfo(row);
  });
}

/**
 * Rotates a key: a new key with the same name, permissions and expiry; the old one keeps working for
 * `graceSeconds` (default API_KEY_ROTATION_GRACE_SECONDS; its expiry is pulled in), then it is dead.
 *
 * @example
 * const { key, previous } = await ApiKey.rotate(id, { graceSeconds: 3600 });
 */
export async function rotate(id: string, opts: { graceSeconds?: number } = {}) {
  const grace = opts.graceSeconds ?? useEnv().API_KEY_ROTATION_GRACE_SECONDS;
  return withTransaction(async (tx) => {
    const old = await lockLive(id);
    const [prev] = await tx<{ expires_at: Date }[]>`UPDATE app.api_keys
      SET expires_at = least(coalesce(expires_at, 'infinity'), now() + make_interval(secs => ${grace}))
      WHERE id = ${id} RETURNING expires_at`;
    const next = await create(
      { name: old.name, permissions: old.permissions, expiresAt: old.expires_at },
      id,
    );
    return { ...next, previous: { id, expires_at: iso(prev?.expires_at ?? null) } };
  });
}
