import * as Session from '@scip/auth/session';
import { User } from '@scip/core';
import { AppError } from '@scip/errors';
import { only, type ParsedArgs, required } from '../args.ts';
import { inOrganization } from '../context.ts';
import { hashAcceptedPassword } from '../password.ts';

/** `user create --org SLUG --email EMAIL --password PASSWORD --role ROLE` → { id, email, organization_id, role } */
export async function create(args: ParsedArgs): Promise<object> {
  only(args, ['org', 'email', 'password', 'role']);
  const slug = required(args, 'org');
  const email = required(args, 'email');
  const role = User.Role.safeParse(required(args, 'role'));
  if (!role.success) throw new AppError('validation_failed', '--role must be org_admin, member or observer');
  const passwordHash = await hashAcceptedPassword(required(args, 'password'), { email, org: slug });
  const user = await inOrganization(slug, () => User.create({ email, role: role.data, passwordHash }));
  return { id: user.id, email: user.email, organization_id: user.organization_id, role: user.role };
}

/** `user list --org SLUG` → { users: [...] } */
export async function list(args: ParsedArgs): Promise<object> {
  only(args, ['org']);
  const users = await inOrganization(required(args, 'org'), () => User.list({ limit: 1000 }));
  return {
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      role: u.role,
      disabled: u.disabled_at !== null,
      mfa_enabled: u.mfa_enabled,
      last_login_at: u.last_login_at,
    })),
  };
}

/**
 * `user disable --org SLUG --email EMAIL` → { id, disabled: true, sessions_revoked }. In one
 * transaction: the user is disabled and every live session revoked (refresh tokens dead, sessions
 * blacklisted in Redis before commit); after commit `session.revoked` drops the MQTT clients.
 */
export async function disable(args: ParsedArgs): Promise<object> {
  only(args, ['org', 'email']);
  const email = required(args, 'email');
  return inOrganization(required(args, 'org'), async () => {
    const user = await User.fromEmail(email);
    if (!user) throw new AppError('not_found', `No user ${email} in this organization`);
    await User.disable(user.id);
    const revoked = await Session.revokeAllForUser(user.id, { reason: 'user_disabled' });
    return { id: user.id, disabled: true, sessions_revoked: revoked.length };
  });
}
