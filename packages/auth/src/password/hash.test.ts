import { hash as rawHash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, hash, needsRehash, verify, verifyDummy } from './hash.ts';

describe('argon2id hashing', () => {
  it('uses argon2id with the OWASP parameters and verifies', async () => {
    const stored = await hash('violet-harbor-tundra-42');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verify(stored, 'violet-harbor-tundra-42')).toBe(true);
    expect(await verify(stored, 'violet-harbor-tundra-43')).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('flags hashes made with other parameters for re-hashing', async () => {
    const weak = await rawHash('x', { ...ARGON2_PARAMS, memoryCost: 4096, timeCost: 1 });
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash('not a hash')).toBe(true);
  });

  it('treats a malformed stored hash as a mismatch and the dummy verify as false', async () => {
    expect(await verify('garbage', 'x')).toBe(false);
    expect(await verifyDummy('anything')).toBe(false);
  });
});
