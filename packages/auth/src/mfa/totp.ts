import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD = 30;
const ISSUER = 'SCIP';

function totp(secretBase32: string, label = 'account'): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A fresh 160-bit TOTP secret (base32) and its `otpauth://` URI for authenticator apps. */
export function generateSecret(label: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, label).toString() };
}

/** The code for `timestamp` (ms). Tests and enrolment tooling use it. */
export function codeAt(secretBase32: string, timestamp = Date.now()): string {
  return totp(secretBase32).generate({ timestamp });
}

/**
 * Checks a code and returns its time step (counter) when valid within ±1 step, else null. The caller
 * stores the step and accepts only later steps, which is what makes each code single use (RFC 6238 §5.2).
 */
export function matchStep(secretBase32: string, code: string, timestamp = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp, window: 1 });
  if (delta === null) return null;
  return Math.floor(timestamp / 1000 / TOTP_PERIOD) + delta;
}
