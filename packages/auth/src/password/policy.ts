import { useEnv } from '@scip/config';
import { AppError } from '@scip/errors';
import { isCommonPassword } from './blocklist.ts';
import { MAX_PASSWORD_LENGTH } from './hash.ts';

export type PolicyProblem = 'too_short' | 'too_long' | 'common' | 'contains_email' | 'contains_organization';

export interface PolicyContext {
  email?: string;
  /** Organization slug or name. */
  org?: string;
  minLength?: number;
}

function containsIdentity(lower: string, value: string | undefined): boolean {
  if (!value) return false;
  const v = value.toLowerCase();
  const local = v.split('@')[0] ?? '';
  return lower.includes(v) || (local.length >= 4 && lower.includes(local));
}

/** Every policy rule the password breaks (empty when it is acceptable). */
export function problems(password: string, ctx: PolicyContext = {}): PolicyProblem[] {
  const min = ctx.minLength ?? useEnv().PASSWORD_MIN_LENGTH;
  const lower = password.toLowerCase();
  const out: PolicyProblem[] = [];
  if ([...password].length < min) out.push('too_short');
  if (password.length > MAX_PASSWORD_LENGTH) out.push('too_long');
  if (isCommonPassword(password)) out.push('common');
  if (containsIdentity(lower, ctx.email)) out.push('contains_email');
  if (containsIdentity(lower, ctx.org)) out.push('contains_organization');
  return out;
}

/**
 * Throws 422 `password_too_weak` (with `extra.problems`) unless the password meets the policy:
 * at least PASSWORD_MIN_LENGTH characters, not a common password, not containing the email or organization.
 *
 * @example
 * Password.validate(input, { email: 'ana@example.com', org: 'acme' });
 */
export function validate(password: string, ctx: PolicyContext = {}): void {
  const found = problems(password, ctx);
  if (found.length > 0) {
    throw new AppError('password_too_weak', `The password does not meet the policy: ${found.join(', ')}`, {
      extra: { problems: found },
    });
  }
}
