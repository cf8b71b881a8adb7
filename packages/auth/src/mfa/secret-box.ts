import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { useEnv } from '@scip/config';
import { AppError } from '@scip/errors';

const VERSION = 'v1';

function key(raw = useEnv().TOTP_ENCRYPTION_KEY): Buffer {
  return Buffer.from(raw, 'base64');
}

/**
 * Encrypts a secret for storage with AES-256-GCM (key TOTP_ENCRYPTION_KEY). `context` is bound as
 * additional authenticated data, so a ciphertext copied to another row (another user) does not decrypt.
 *
 * @example
 * const stored = seal(secret.base32, userId); // 'v1:<iv>:<tag>:<ciphertext>'
 */
export function seal(plaintext: string, context: string, rawKey?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(rawKey), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return [VERSION, ...parts].join(':');
}

/** Reverses `seal`; throws `internal` when the ciphertext, key or context do not match. */
export function open(sealed: string, context: string, rawKey?: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new AppError('internal', 'Unknown sealed secret format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(rawKey), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (cause) {
    throw new AppError('internal', 'A stored secret could not be decrypted', { cause });
  }
}
