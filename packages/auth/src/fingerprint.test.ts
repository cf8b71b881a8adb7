import { describe, expect, it } from 'vitest';
import { deviceFingerprint, hintsFromHeaders } from './fingerprint.ts';

describe('deviceFingerprint', () => {
  it('is stable for the same hints and differs when a hint changes', () => {
    const a = hintsFromHeaders(new Headers({ 'user-agent': 'UA/1', 'sec-ch-ua-platform': '"Linux"' }));
    const b = hintsFromHeaders(new Headers({ 'user-agent': 'UA/1', 'sec-ch-ua-platform': '"Windows"' }));
    expect(deviceFingerprint(a)).toBe(deviceFingerprint({ ...a }));
    expect(deviceFingerprint(a)).not.toBe(deviceFingerprint(b));
    expect(deviceFingerprint(a)).toMatch(/^[0-9a-f]{32}$/);
  });
});
