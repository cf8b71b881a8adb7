import { useActor } from '@scip/context';
import { withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { recordAuthEvent } from '../audit-events.ts';
import { looksLikeRecoveryCode } from './recovery-codes.ts';
import { seal } from './secret-box.ts';
import { lockMfa, replaceRecoveryCodes, useRecoveryCode, useTotpCode } from './store.ts';
import { generateSecret } from './totp.ts';

function currentUser() {
  const actor = useActor();
  if (actor.type !== 'user')
    throw new AppError('authentication_required', 'MFA enrolment needs a signed-in user');
  return actor;
}

/**
 * Starts TOTP enrolment for the signed-in user: a new secret (stored encrypted, pending until confirmed)
 * and its otpauth URI. Fails with 409 `already_exists` when MFA is already on.
 */
export async function enroll(): Promise<{ secret: string; otpauth_uri: string }> {
  const actor = currentUser();
  return withTransaction(async (tx) => {
    const existing = await lockMfa(actor.userId);
    if (existing?.confirmed_at)
      throw new AppError('already_exists', 'MFA is already enabled; disable it first');
    if (existing) await tx`UPDATE app.user_mfa SET deleted_at = now() WHERE id = ${existing.id}`;
    const [user] = await tx<{ email: string }[]>`SELECT email FROM app.users WHERE id = ${actor.userId}`;
    const { secret, uri } = generateSecret(user?.email ?? actor.userId);
    await tx`INSERT INTO app.user_mfa (user_id, totp_secret_encrypted)
             VALUES (${actor.userId}, ${seal(secret, actor.userId)})`;
    await recordAuthEvent('auth.mfa.enrolled', 'info', { user_id: actor.userId });
    return { secret, otpauth_uri: uri };
  });
}

/** Confirms enrolment with a first code; turns MFA on and returns ten single-use recovery codes. */
export async function confirm(code: string): Promise<{ recovery_codes: string[] }> {
  const actor = currentUser();
  const result = await withTransaction(async (tx) => {
    const row = await lockMfa(actor.userId);
    if (!row || row.confirmed_at) return null;
    if (!(await useTotpCode(actor.userId, row, code))) return null;
    await tx`UPDATE app.user_mfa SET confirmed_at = now() WHERE id = ${row.id}`;
    await tx`UPDATE app.users SET mfa_enabled = true WHERE id = ${actor.userId}`;
    await recordAuthEvent('auth.mfa.enabled', 'notice', { user_id: actor.userId });
    return { recovery_codes: await replaceRecoveryCodes(actor.userId) };
  });
  if (!result)
    throw new AppError('invalid_totp', 'The code is wrong, was already used, or no enrolment is pending');
  return result;
}

/** Turns MFA off after proving possession (a current TOTP code or a recovery code). */
export async function disable(code: string): Promise<void> {
  const actor = currentUser();
  const ok = await withTransaction(async (tx) => {
    if (!(await verifySecondFactor(actor.userId, code))) return false;
    await tx`UPDATE app.user_mfa SET deleted_at = now() WHERE user_id = ${actor.userId} AND deleted_at IS NULL`;
    await tx`UPDATE app.mfa_recovery_codes SET deleted_at = now()
             WHERE user_id = ${actor.userId} AND deleted_at IS NULL`;
    await tx`UPDATE app.users SET mfa_enabled = false WHERE id = ${actor.userId}`;
    await recordAuthEvent('auth.mfa.disabled', 'warning', { user_id: actor.userId });
    return true;
  });
  if (!ok) throw new AppError('invalid_totp', 'The code is wrong or was already used');
}

/**
 * Checks a second factor inside the caller's transaction: a 6-digit TOTP code (each usable once) or a
 * recovery code (single use). Returns which one matched, or null.
 */
export async function verifySecondFactor(userId: string, code: string): Promise<'totp' | 'recovery' | null> {
  const row = await lockMfa(userId);
  if (!row?.confirmed_at) return null;
  if (looksLikeRecoveryCode(code)) {
    if (!(await useRecoveryCode(userId, code))) return null;
    await recordAuthEvent('auth.mfa.recovery_code_used', 'notice', { user_id: userId });
    return 'recovery';
  }
  return (await useTotpCode(userId, row, code)) ? 'totp' : null;
}
