import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes.ts';
import { type KeyRing, keyRing, open, openWith, seal } from './secret-box.ts';
import { codeAt, generateSecret, matchStep, TOTP_PERIOD } from './totp.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

describe('TOTP', () => {
  it('issues a secret with an otpauth URI and matches codes within one step', () => {
    const { secret, uri } = generateSecret('ana@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\/SCIP:ana%40example.com\?.*secret=/);
    const t = 1_800_000_000_000;
    const step = Math.floor(t / 1000 / TOTP_PERIOD);
    expect(matchStep(secret, codeAt(secret, t), t)).toBe(step);
    expect(matchStep(secret, codeAt(secret, t - 30_000), t)).toBe(step - 1);
    expect(matchStep(secret, codeAt(secret, t - 120_000), t)).toBeNull();
    expect(matchStep(secret, 'abcdef', t)).toBeNull();
  });
});

describe('secret box (AES-256-GCM)', () => {
  it('round-trips and refuses another key, another context or a tampered ciphertext', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', 'user-1', KEY);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(sealed, 'user-1', KEY)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => open(sealed, 'user-2', KEY)).toThrow();
    expect(() => open(sealed, 'user-1', OTHER_KEY)).toThrow();
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => open(parts.join(':'), 'user-1', KEY)).toThrow();
  });
});

describe('secret box key ring (rotation)', () => {
  const ring = (current: string, ...previous: string[]): KeyRing =>
    keyRing({ TOTP_ENCRYPTION_KEY: current, TOTP_ENCRYPTION_KEY_PREVIOUS: previous });

  it('names the sealing key, so a previous key opens it and a ring without that key refuses', () => {
    const sealed = seal('JBSWY3DPEHPK3PXP', 'user-1', OTHER_KEY);
    const [version, , , , keyId] = sealed.split(':');
    expect(version).toBe('v1');
    expect(keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(seal('x', 'user-1', KEY).split(':')[4]).not.toBe(keyId);
    expect(openWith(sealed, 'user-1', ring(KEY, OTHER_KEY))).toEqual({
      plaintext: 'JBSWY3DPEHPK3PXP',
      keyId,
      legacy: false,
    });
    expect(() => openWith(sealed, 'user-1', ring(KEY))).toThrow(/any known key/);
    expect(ring(KEY, KEY, OTHER_KEY).previous.map((k) => k.id)).toEqual([keyId]); // current key not repeated
  });

  it('opens values written before key ids (four fields) by trying each key, and reports them as legacy', () => {
    const legacy = seal('JBSWY3DPEHPK3PXP', 'user-1', OTHER_KEY).split(':').slice(0, 4).join(':');
    const opened = openWith(legacy, 'user-1', ring(KEY, OTHER_KEY));
    expect(opened.plaintext).toBe('JBSWY3DPEHPK3PXP');
    expect(opened.legacy).toBe(true);
    expect(opened.keyId).toBe(ring(OTHER_KEY).current.id);
    expect(() => openWith(legacy, 'user-2', ring(KEY, OTHER_KEY))).toThrow();
    expect(() => openWith(`${legacy}:`, 'user-1', ring(KEY, OTHER_KEY))).toThrow(/format/);
  });
});

describe('recovery codes', () => {
  it('are unique, formatted and hash the same however typed', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    const code = codes[0] ?? '';
    expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(looksLikeRecoveryCode(code)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(hashRecoveryCode(code.toUpperCase().replaceAll('-', ' '))).toBe(hashRecoveryCode(code));
  });
});
