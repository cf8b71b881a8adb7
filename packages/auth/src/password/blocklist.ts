import { readFileSync } from 'node:fs';

let cache: Set<string> | undefined;

/** The shipped list of common passwords (packages/auth/data/common-passwords.txt), loaded once. */
export function commonPasswords(): ReadonlySet<string> {
  if (!cache) {
    const text = readFileSync(new URL('../../data/common-passwords.txt', import.meta.url), 'utf8');
    cache = new Set(text.split('\n').filter(Boolean));
  }
  return cache;
}

/**
 * True when the password, or its stem without trailing digits and symbols, is a common password
 * (`Password123456!` → `password`).
 */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase();
  if (list.has(lower)) return true;
  const stem = lower.replace(/[^a-z]+$/u, '');
  return stem.length >= 4 && stem !== lower && list.has(stem);
}
