import { type Actor, withActor } from '@scip/context';
import { useSql, withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { parseKey, secretMatches } from './secret.ts';

interface Found {
  key_id: string;
  organization_id: string;
  secret_hash: string;
  permissions: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
}

const invalid = () => new AppError('invalid_token', 'The API key is invalid, expired or revoked');

/**
 * Resolves `prefix.secret` to an api_key actor (the key's organization and scopes). Unknown, revoked,
 * expired or wrong secrets all fail with 401 `invalid_token`. Records `last_used_at` (at most once a minute).
 *
 * @example
 * const actor = await authenticateApiKey(header.slice('ApiKey '.length));
 */
export async function authenticateApiKey(raw: string): Promise<Extract<Actor, { type: 'api_key' }>> {
  const parts = parseKey(raw.trim());
  if (!parts) throw invalid();
  const [k] = await useSql()<Found[]>`SELECT * FROM app.api_key_lookup(${parts.prefix})`;
  if (!k || !secretMatches(parts.secret, k.secret_hash)) throw invalid();
  if (k.revoked_at || (k.expires_at && k.expires_at.getTime() <= Date.now())) throw invalid();
  const actor = {
    type: 'api_key' as const,
    keyId: k.key_id,
    orgId: k.organization_id,
    permissions: k.permissions,
  };
  await withActor(actor, () =>
    withTransaction(
      (tx) => tx`UPDATE app.api_keys SET last_used_at = now()
                 WHERE id = ${k.key_id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    ),
  );
  return actor;
}
