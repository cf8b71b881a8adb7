import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from './redact.ts';

describe('redact', () => {
  it('replaces sensitive keys at any depth, in arrays too, case-insensitively', () => {
    const input = {
      Authorization: 'Bearer x',
      user: { email: 'a@b.co', newPassword: 'p', profile: { totp_secret: 's' } },
      sessions: [{ refresh_token: 'r', id: 1 }],
      headers: { Cookie: 'c', 'x-api-key': 'k' },
      tokens_issued: 3,
    };
    expect(redact(input)).toEqual({
      Authorization: REDACTED,
      user: { email: 'a@b.co', newPassword: REDACTED, profile: { totp_secret: REDACTED } },
      sessions: [{ refresh_token: REDACTED, id: 1 }],
      headers: { Cookie: REDACTED, 'x-api-key': REDACTED },
      tokens_issued: 3,
    });
  });

  it('leaves the input untouched and keeps Errors for the serializer', () => {
    const error = new Error('boom');
    const input = { password: 'p', err: error };
    const output = redact(input) as typeof input;
    expect(input.password).toBe('p');
    expect(output.err).toBe(error);
  });
});
