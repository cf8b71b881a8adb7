import * as ApiKey from '@scip/auth/api-key';
import { CreateInput, Scope } from '@scip/auth/api-key/api-key';
import { AppError } from '@scip/errors';
import { z } from 'zod';
import { only, optionalInteger, type ParsedArgs, required } from '../args.ts';
import { inOrganization } from '../context.ts';

const DAY_MS = 86_400_000;
const EXPIRY_DAYS = { min: 1, max: 3650 };
/** The bounds of API_KEY_ROTATION_GRACE_SECONDS: 0 ends the old key at once, 30 days at most. */
const GRACE_SECONDS = { min: 0, max: 2_592_000 };
const Id = z.uuid();

/** What the CLI shows of a key: never the secret or its hash. `scopes` are the key's permission codes. */
function view(info: ApiKey.ApiKeyInfo) {
  return {
    id: info.id,
    prefix: info.prefix,
    name: info.name,
    scopes: info.permissions,
    expires_at: info.expires_at,
    revoked_at: info.revoked_at,
    last_used_at: info.last_used_at,
    rotated_from: info.rotated_from,
    created_at: info.created_at,
  };
}

/** `a:b, c:d` → ['a:b', 'c:d'], each checked with the rule the HTTP route applies to `permissions`. */
function scopesOf(raw: string): string[] {
  const scopes = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (scopes.length === 0) throw new AppError('validation_failed', '--scopes needs at least one scope');
  const bad = scopes.filter((s) => !Scope.safeParse(s).success);
  if (bad.length > 0) {
    throw new AppError(
      'validation_failed',
      `--scopes: not a permission code: ${bad.join(', ')} (lowercase segments joined by ":", e.g. users:read or api_keys:*)`,
    );
  }
  return scopes;
}

function keyId(args: ParsedArgs): string {
  const id = required(args, 'id');
  if (!Id.safeParse(id).success)
    throw new AppError('validation_failed', '--id must be an API key id (a UUID)');
  return id;
}

/**
 * `api-key create --org SLUG --name NAME --scopes a:b,c:d [--expires-in-days N]` → the key's fields and
 * `key` (`prefix.secret`), shown only this once. Operators are not limited to their own permissions.
 */
export async function create(args: ParsedArgs): Promise<object> {
  only(args, ['org', 'name', 'scopes', 'expires-in-days']);
  const slug = required(args, 'org');
  const input = CreateInput.parse({
    name: required(args, 'name'),
    permissions: scopesOf(required(args, 'scopes')),
  });
  const days = optionalInteger(args, 'expires-in-days', EXPIRY_DAYS);
  const expiresAt = days === undefined ? null : new Date(Date.now() + days * DAY_MS);
  const { key, info } = await inOrganization(slug, () => ApiKey.create({ ...input, expiresAt }));
  return { ...view(info), key };
}

/** `api-key list --org SLUG` → { api_keys: [...] }, newest first, revoked and expired ones included. */
export async function list(args: ParsedArgs): Promise<object> {
  only(args, ['org']);
  const keys = await inOrganization(required(args, 'org'), () => ApiKey.list());
  return { api_keys: keys.map(view) };
}

/** `api-key revoke --org SLUG --id ID` → { id, revoked: true }; the key is refused at once. */
export async function revoke(args: ParsedArgs): Promise<object> {
  only(args, ['org', 'id']);
  const slug = required(args, 'org');
  const id = keyId(args);
  await inOrganization(slug, () => ApiKey.revoke(id));
  return { id, revoked: true };
}

/**
 * `api-key rotate --org SLUG --id ID [--grace-seconds N]` → the new key (`key` shown once) and
 * `previous: { id, expires_at }`, the end of the old key's grace period.
 */
export async function rotate(args: ParsedArgs): Promise<object> {
  only(args, ['org', 'id', 'grace-seconds']);
  const slug = required(args, 'org');
  const id = keyId(args);
  const graceSeconds = optionalInteger(args, 'grace-seconds', GRACE_SECONDS);
  const { key, info, previous } = await inOrganization(slug, () => ApiKey.rotate(id, { graceSeconds }));
  return { ...view(info), key, previous };
}
