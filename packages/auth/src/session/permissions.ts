import type { Role } from '@scip/context';
import { useTransaction } from '@scip/db';
import { normalizePermissions } from '../permissions.ts';

/**
 * A user's effective permissions: the bundle of their role plus their own unexpired grants, collapsed
 * under wildcards. These go into the access token; changing them revokes the user's sessions.
 */
export async function effectivePermissions(userId: string, role: Role): Promise<string[]> {
  const tx = useTransaction();
  const rows = await tx<{ code: string }[]>`
    SELECT permission_code AS code FROM app.role_permissions WHERE role = ${role} AND deleted_at IS NULL
    UNION
    SELECT permission_code FROM app.user_permissions
    WHERE user_id = ${userId} AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;
  return normalizePermissions(rows.map((r) => r.code));
}
