import { withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { recordAuthEvent } from './audit-events.ts';
import { revokeAllForUser } from './session/revoke.ts';

/**
 * Grants a permission to one user of the ambient organization (on top of their role), audits it and ends
 * the user's sessions (ASVS 8.3.2) so the next token carries the new set.
 *
 * @example
 * await UserPermissions.grant(userId, 'audit:read');
 */
export async function grant(userId: string, code: string, expiresAt: Date | null = null): Promise<void> {
  await withTransaction(async (tx) => {
    const [known] = await tx`SELECT 1 FROM app.permissions WHERE code = ${code} AND deleted_at IS NULL`;
    if (!known) throw new AppError('validation_failed', `Unknown permission ${code}`);
    await tx`INSERT INTO app.user_permissions (user_id, permission_code, expires_at)
             VALUES (${userId}, ${code}, ${expiresAt})
             ON CONFLICT (organization_id, user_id, permission_code) WHERE deleted_at IS NULL
             DO UPDATE SET expires_at = EXCLUDED.expires_at`;
    await recordAuthEvent('auth.permissions.granted', 'notice', { user_id: userId, permission: code });
    await revokeAllForUser(userId, { reason: 'permissions_changed' });
  });
}

/** Withdraws a per-user permission; audits it and ends the user's sessions. */
export async function revoke(userId: string, code: string): Promise<void> {
  await withTransaction(async (tx) => {
    await tx`UPDATE app.user_permissions SET deleted_at = now()
             WHERE user_id = ${userId} AND permission_code = ${code} AND deleted_at IS NULL`;
    await recordAuthEvent('auth.permissions.revoked', 'notice', { user_id: userId, permission: code });
    await revokeAllForUser(userId, { reason: 'permissions_changed' });
  });
}
