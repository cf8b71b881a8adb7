import { useActor } from '@scip/context';
import { withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';

export interface Me {
  id: string;
  email: string;
  role: string;
  permissions: string[];
  session_id: string;
  organization: { id: string; slug: string; name: string };
}

/** The signed-in user as GET /api/v1/auth/me answers (CONTRACT); permissions are the token's. */
export async function me(): Promise<Me> {
  const actor = useActor();
  if (actor.type !== 'user') throw new AppError('authentication_required', 'This route needs a user token');
  const [row] = await withTransaction(
    (tx) => tx<{ id: string; email: string; role: string; org_id: string; slug: string; name: string }[]>`
      SELECT u.id, u.email, u.role, o.id AS org_id, o.slug, o.name
      FROM app.users u JOIN app.organizations o ON o.id = u.organization_id
      WHERE u.id = ${actor.userId} AND u.deleted_at IS NULL`,
  );
  if (!row) throw new AppError('token_revoked', 'The user no longer exists');
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    permissions: [...actor.permissions],
    session_id: actor.sessionId,
    organization: { id: row.org_id, slug: row.slug, name: row.name },
  };
}
