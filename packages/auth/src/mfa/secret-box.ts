import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type Env, useEnv } from '@scip/config';
import { AppError } from '@scip/errors';

/**
 * Stored layout: `v1:<iv>:<tag>:<ciphertext>:<key id>` (base64url parts; key id = first 8 hex of SHA-256 of
 * the key bytes, which says nothing useful about a 256-bit key). Rows written before key rotation existed
 * end after `<ciphertext>`; for those every known key is tried in order (a wrong key fails GCM's tag check,
 * so trying cannot return a wrong plaintext). The key id is appended instead of bumping the version because
 * the release before it reads the first four fields and ignores the rest: rolling back to it keeps every
 * row readable as long as TOTP_ENCRYPTION_KEY is the one that wrote it. The key id is not authenticated and
 * need not be: altering it only picks another key, whose tag check then fails.
 */
const VERSION = 'v1';

export interface SecretKey {
  id: string;
  key: Buffer;
}

/** The current key (encrypts and decrypts) and the previous ones (decrypt only, during a rotation). */
export interface KeyRing {
  current: SecretKey;
  previous: SecretKey[];
}

function toKey(raw: string): SecretKey {
  const key = Buffer.from(raw, 'base64');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

type KeyEnv = Pick<Env, 'TOTP_ENCRYPTION_KEY' | 'TOTP_ENCRYPTION_KEY_PREVIOUS'>;
let cached: { env: KeyEnv; ring: KeyRing } | undefined;

/**
 * The key ring of the environment: TOTP_ENCRYPTION_KEY and TOTP_ENCRYPTION_KEY_PREVIOUS (a previous key
 * equal to the current one is dropped).
 *
 * @example
 * keyRing().current.id; // '3f9a0c1e', the id new secrets are stored with
 */
export function keyRing(env: KeyEnv = useEnv()): KeyRing {
  if (cached?.env !== env) {
    const current = toKey(env.TOTP_ENCRYPTION_KEY);
    const previous = env.TOTP_ENCRYPTION_KEY_PREVIOUS.map(toKey).filter((k) => !k.key.equals(current.key));
    cached = { env, ring: { current, previous } };
  }
  return cached.ring;
}

const ringOf = (rawKey?: string): KeyRing =>
  rawKey === undefined ? keyRing() : { current: toKey(rawKey), previous: [] };

/**
 * Encrypts a secret for storage with AES-256-GCM under the current key (TOTP_ENCRYPTION_KEY, or `rawKey`).
 * `context` is bound as additional authenticated data, so a ciphertext copied to another row (another
 * user) does not decrypt.
 *
 * @example
 * const stored = seal(secret.base32, userId); // 'v1:<iv>:<tag>:<ciphertext>:<key id>'
 */
export function seal(plaintext: string, context: string, rawKey?: string): string {
  return sealWith(plaintext, context, ringOf(rawKey).current);
}

/** `seal` under a given key of a ring (re-encryption keeps to the ring it started with). */
export function sealWith(plaintext: string, context: string, current: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return [VERSION, ...parts, current.id].join(':');
}

export interface Opened {
  plaintext: string;
  /** The id of the key that opened it. */
  keyId: string;
  /** True when the stored value names no key (written before key ids); rewriting it adds one. */
  legacy: boolean;
}

function decrypt(key: Buffer, iv: string, tag: string, body: string, context: string): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null; // wrong key, wrong context or tampered: GCM cannot tell which, and neither can we
  }
}

/**
 * Opens a stored secret with whichever key of `ring` sealed it (the named key, or each in turn for a value
 * without a key id). Throws `internal` when no key opens it; the message names no secret.
 */
export function openWith(sealed: string, context: string, ring: KeyRing): Opened {
  const [version, iv, tag, body, keyId, ...rest] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || body === undefined || keyId === '' || rest.length > 0) {
    throw new AppError('internal', 'Unknown sealed secret format');
  }
  const keys = [ring.current, ...ring.previous];
  for (const candidate of keyId === undefined ? keys : keys.filter((k) => k.id === keyId)) {
    const plaintext = decrypt(candidate.key, iv, tag, body, context);
    if (plaintext !== null) return { plaintext, keyId: candidate.id, legacy: keyId === undefined };
  }
  throw new AppError('internal', 'A stored secret could not be decrypted with any known key');
}

/** Reverses `seal` with the environment's keys (or only `rawKey`); throws `internal` when none opens it. */
export function open(sealed: string, context: string, rawKey?: string): string {
  return openWith(sealed, context, ringOf(rawKey)).plaintext;
}
