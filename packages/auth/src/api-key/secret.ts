import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new key: public prefix (`sk_` + 16 chars, the lookup handle) and a 256-bit secret. */
export function generateKey(): { prefix: string; secret: string; key: string } {
  const prefix = `sk_${[...randomBytes(16)].map((b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('')}`;
  const secret = randomBytes(32).toString('base64url');
  return { prefix, secret, key: `${prefix}.${secret}` };
}

/** `prefix.secret` → parts, or null when the shape is wrong. */
export function parseKey(raw: string): { prefix: string; secret: string } | null {
  const dot = raw.indexOf('.');
  if (dot < 4 || dot === raw.length - 1) return null;
  return { prefix: raw.slice(0, dot), secret: raw.slice(dot + 1) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
