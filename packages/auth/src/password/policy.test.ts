import { describe, expect, it } from 'vitest';
import { commonPasswords, isCommonPassword } from './blocklist.ts';
import { problems, validate } from './policy.ts';

const ctx = { email: 'ana.lopez@example.com', org: 'acme-corp', minLength: 12 };

describe('password policy', () => {
  it('ships at least the 10 000 most common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(10_000);
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('Password123456!')).toBe(true);
    expect(isCommonPassword('qwertyuiop123')).toBe(true);
  });

  it('accepts a long uncommon password', () => {
    expect(problems('violet-harbor-tundra-42', ctx)).toEqual([]);
    expect(() => validate('violet-harbor-tundra-42', ctx)).not.toThrow();
  });

  it('rejects short, common, and identity-containing passwords with reasons', () => {
    expect(problems('Sh0rt!pw', ctx)).toContain('too_short');
    expect(problems('iloveyou12345', ctx)).toContain('common');
    expect(problems('ana.lopez@example.com', ctx)).toContain('contains_email');
    expect(problems('my-ana.lopez-secret', ctx)).toContain('contains_email');
    expect(problems('ACME-CORP-rules-2024', ctx)).toContain('contains_organization');
    expect(problems('x'.repeat(300), ctx)).toContain('too_long');
  });

  it('throws password_too_weak with the problems listed', () => {
    try {
      validate('password', ctx);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'password_too_weak',
        status: 422,
        extra: { problems: ['too_short', 'common'] },
      });
    }
  });
});
