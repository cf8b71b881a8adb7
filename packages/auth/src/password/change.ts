import { useEnv } from '@scip/config';
import { useActor } from '@scip/context';
import { type TransactionSql, withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { Lockout } from '@scip/kv';
import { recordAuthEvent } from '../audit-events.ts';
import { lockKeyOf } from '../login/failure.ts';
import { revokeAllForUser } from '../session/revoke.ts';
import { hash, verify } from './hash.ts';
import { validate } from './policy.ts';

interface Owner {
  email: string;
  password_hash: string | null;
  slug: string;
  name: string;
}

/** True when `candidate` equals the current password or one of the previous ones kept in the history. */
async function isReused(userId: string, current: string | null, candidate: string, tx: TransactionSql) {
  const keep = useEnv().PASSWORD_HISTORY;
  if (keep === 0) return false;
  const previous = await tx<{ password_hash: string }[]>`
    SELECT password_hash FROM app.password_history WHERE user_id = ${userId}
    ORDER BY created_at DESC LIMIT ${Math.max(0, keep - 1)}`;
  const hashes = [current, ...previous.map((p) => p.password_hash)].filter((h): h is string => Boolean(h));
  const matches = await Promise.all(hashes.map((h) => verify(h, candidate)));
  return matches.some(Boolean);
}

/**
 * Changes the signed-in user's password: checks the current one, the policy and the history (the last
 * PASSWORD_HISTORY passwords, the current one included, cannot be reused), then ends every other session
 * of the user. 401 `invalid_credentials` for a wrong current password — which counts towards the account's
 * lockout like a failed login, so a stolen access token cannot be used to guess the password; 423
 * `account_locked` while locked; 422 `password_too_weak` or `password_reused`.
 */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const actor = useActor();
  if (actor.type !== 'user') {
    throw new AppError('authentication_required', 'Changing a password needs a user');
  }
  const outcome = await withTransaction(async (tx) => {
    const [owner] = await tx<Owner[]>`
      SELECT u.email, u.password_hash, o.slug, o.name FROM app.users u
      JOIN app.organizations o ON o.id = u.organization_id WHERE u.id = ${actor.userId} FOR UPDATE OF u`;
    if (!owner) throw new AppError('token_revoked', 'The user no longer exists');
    const lockKey = lockKeyOf(owner.slug, owner.email);
    const lock = await Lockout.status(lockKey);
    if (lock.locked) {
      throw new AppError('account_locked', 'Too many failed attempts; try again later', {
        headers: { 'Retry-After': String(lock.retryAfterSeconds) },
      });
    }
    if (!owner.password_hash || !(await verify(owner.password_hash, currentPassword))) return { lockKey };
    validate(newPassword, { email: owner.email, org: owner.slug });
    if (await isReused(actor.userId, owner.password_hash, newPassword, tx)) {
      throw new AppError('password_reused', 'The new password equals one of the recent ones');
    }
    await tx`INSERT INTO app.password_history (user_id, password_hash) VALUES (${actor.userId}, ${owner.password_hash})`;
    await tx`UPDATE app.users SET password_hash = ${await hash(newPassword)} WHERE id = ${actor.userId}`;
    await recordAuthEvent('auth.password.changed', 'notice', {
      user_id: actor.userId,
      session_id: actor.sessionId,
    });
    await revokeAllForUser(actor.userId, { except: actor.sessionId, reason: 'password_changed' });
    return null;
  });
  if (outcome) {
    await Lockout.recordFailure(outcome.lockKey);
    throw new AppError('invalid_credentials', 'The current password is wrong');
  }
}
