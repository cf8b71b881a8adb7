/** Password hashing (argon2id) and the password policy. Use as `Password.hash`, `Password.validate`. */

export { isCommonPassword } from './password/blocklist.ts';
export { hash, MAX_PASSWORD_LENGTH, needsRehash, verify, verifyDummy } from './password/hash.ts';
export { type PolicyContext, type PolicyProblem, problems, validate } from './password/policy.ts';
