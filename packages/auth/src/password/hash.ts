import { type Algorithm, hash as argonHash, verify as argonVerify, parseOptions } from '@node-rs/argon2';

/**
 * OWASP Password Storage Cheat Sheet parameters for argon2id (m=19 MiB, t=2, p=1). Changing them makes
 * `needsRehash` true for older hashes, which `login` then upgrades transparently.
 */
export const ARGON2_PARAMS = {
  algorithm: 2 as Algorithm, // Argon2id (a const enum in the typings; isolatedModules forbids the name)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** The longest password we hash: bounds the work an attacker can make us do per request. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Hashes a password with argon2id. Runs on the libuv thread pool, off the event loop.
 *
 * @example
 * const stored = await hash('correct horse battery staple');
 */
export async function hash(password: string): Promise<string> {
  return argonHash(password, ARGON2_PARAMS);
}

/** True when `password` matches `stored`. A malformed stored hash counts as a mismatch, never as a throw. */
export async function verify(stored: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(stored, password);
  } catch {
    return false;
  }
}

/** True when `stored` was made with other parameters (or another algorithm) than the current ones. */
export function needsRehash(stored: string): boolean {
  try {
    const o = parseOptions(stored);
    return (
      o.algorithm !== ARGON2_PARAMS.algorithm ||
      o.memoryCost !== ARGON2_PARAMS.memoryCost ||
      o.timeCost !== ARGON2_PARAMS.timeCost ||
      o.parallelism !== ARGON2_PARAMS.parallelism
    );
  } catch {
    return true;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Verifies `password` against a throw-away hash with the same parameters, so that a login for an unknown
 * account costs as much time as one for a known account (no user enumeration through timing).
 */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hash(`dummy-${crypto.randomUUID()}`);
  await verify(await dummy, password);
  return false;
}
