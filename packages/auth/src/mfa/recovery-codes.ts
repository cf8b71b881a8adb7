import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no look-alikes (0/o, 1/l/i)

/** One recovery code, 16 random characters (~79 bits) shown as `xxxx-xxxx-xxxx-xxxx`. */
function one(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

export function generateRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, one);
}

/** Normalises what a user typed (case, spaces, dashes) and hashes it; codes are high-entropy so SHA-256 suffices. */
export function hashRecoveryCode(code: string): string {
  const normal = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return createHash('sha256').update(normal).digest('hex');
}

/** True when the input has the shape of a recovery code rather than a 6-digit TOTP code. */
export function looksLikeRecoveryCode(input: string): boolean {
  return input.replace(/[^a-z0-9]/gi, '').length === 16;
}
