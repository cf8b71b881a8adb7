import { useTransaction } from '@scip/db';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes.ts';
import { open } from './secret-box.ts';
import { matchStep } from './totp.ts';

interface MfaRow {
  id: string;
  totp_secret_encrypted: string;
  confirmed_at: Date | null;
  last_used_step: string | null;
}

/** The user's MFA row (confirmed or pending), locked for the rest of the transaction. */
export async function lockMfa(userId: string): Promise<MfaRow | undefined> {
  const tx = useTransaction();
  const [row] = await tx<MfaRow[]>`
    SELECT id, totp_secret_encrypted, confirmed_at, last_used_step::text AS last_used_step FROM app.user_mfa
    WHERE user_id = ${userId} AND deleted_at IS NULL FOR UPDATE`;
  return row;
}

/**
 * Accepts a TOTP code once: its time step must be later than the last accepted one (so a code, or an
 * older code of the window, replayed within its 90 s validity is refused).
 */
export async function useTotpCode(userId: string, row: MfaRow, code: string): Promise<boolean> {
  const secret = open(row.totp_secret_encrypted, userId);
  const step = matchStep(secret, code);
  if (step === null) return false;
  if (row.last_used_step !== null && BigInt(step) <= BigInt(row.last_used_step)) return false;
  await useTransaction()`UPDATE app.user_mfa SET last_used_step = ${step} WHERE id = ${row.id}`;
  return true;
}

/** Spends a recovery code (single use). */
export async function useRecoveryCode(userId: string, code: string): Promise<boolean> {
  const rows = await useTransaction()`
    UPDATE app.mfa_recovery_codes SET used_at = now()
    WHERE user_id = ${userId} AND code_hash = ${hashRecoveryCode(code)} AND used_at IS NULL AND deleted_at IS NULL
    RETURNING id`;
  return rows.length === 1;
}

/** Replaces the user's recovery codes; returns the new codes in clear (shown once). */
export async function replaceRecoveryCodes(userId: string): Promise<string[]> {
  const tx = useTransaction();
  await tx`UPDATE app.mfa_recovery_codes SET deleted_at = now() WHERE user_id = ${userId} AND deleted_at IS NULL`;
  const codes = generateRecoveryCodes();
  const rows = codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) }));
  await tx`INSERT INTO app.mfa_recovery_codes ${tx(rows, 'user_id', 'code_hash')}`;
  return codes;
}
