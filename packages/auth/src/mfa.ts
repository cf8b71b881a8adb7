/** TOTP multi-factor authentication. Use as `Mfa.enroll`, `Mfa.confirm`, `Mfa.disable`. */
export { confirm, disable, enroll, verifySecondFactor } from './mfa/mfa.ts';
export { codeAt, generateSecret, matchStep } from './mfa/totp.ts';
