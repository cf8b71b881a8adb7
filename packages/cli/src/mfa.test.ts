import { keyRing, open } from '@scip/auth/mfa/secret-box';
import { adminQuery, newOrg, type TestOrg } from '@scip/auth/test-support/fixtures';
import {
  type Enrolled,
  enrolledUser,
  newTotpKey,
  restoreTotpKeys,
  storedSecret,
  useTotpKeys,
} from '@scip/auth/test-support/totp';
import { closeSql } from '@scip/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from './test-support/run.ts';

// `npm run admin -- mfa rekey` as a subprocess with this file's keys (never the stack's own TOTP key, so
// other test files' secrets are only reported in `failed`, and the counts below are this file's alone).
const [KEY_A, KEY_B, KEY_X] = [newTotpKey(), newTotpKey(), newTotpKey()];

let org: TestOrg;
let underA: Enrolled;
let unknown: Enrolled;
beforeAll(async () => {
  org = await newOrg('cli-mfa');
  useTotpKeys(KEY_A);
  underA = await enrolledUser(org);
  useTotpKeys(KEY_X);
  unknown = await enrolledUser(org);
});
afterAll(async () => {
  restoreTotpKeys();
  await closeSql();
});

describe('npm run admin -- mfa rekey', { timeout: 120_000 }, () => {
  it('re-encrypts under the new key, lists the secret no key opens and exits 1; audited as the CLI', async () => {
    const [beforeA, beforeUnknown] = [
      (await storedSecret(underA)).sealed,
      (await storedSecret(unknown)).sealed,
    ];
    useTotpKeys(KEY_B, [KEY_A]);
    const run = await admin('mfa', 'rekey');
    expect(run.code).toBe(1);
    expect(run.err).toBeNull();
    expect(Object.keys(run.out).sort()).toEqual(['already_current', 'failed', 'reencrypted']);
    expect(run.out).toMatchObject({ reencrypted: 1, already_current: 0 });
    expect(run.out.failed).toContain(unknown.user.id);
    expect(run.out.failed).not.toContain(underA.user.id);

    const { id, sealed } = await storedSecret(underA);
    expect(sealed).not.toBe(beforeA);
    expect(sealed.split(':')[4]).toBe(keyRing().current.id);
    useTotpKeys(KEY_B); // the previous key is no longer needed
    expect(open(sealed, underA.user.id)).toBe(underA.secret);
    expect((await storedSecret(unknown)).sealed).toBe(beforeUnknown);

    const audit = await adminQuery(
      org.id,
      (tx) => tx<{ old_secret: string; new_secret: string }[]>`
        SELECT old->>'totp_secret_encrypted' AS old_secret, new->>'totp_secret_encrypted' AS new_secret
        FROM audit.log WHERE organization_id = ${org.id} AND row_id = ${id} AND actor = 'system:admin-cli'`,
    );
    expect(audit).toEqual([{ old_secret: '[masked]', new_secret: '[masked]' }]);
  });

  it('a second run changes nothing', async () => {
    const before = (await storedSecret(underA)).sealed;
    const again = await admin('mfa', 'rekey', '--batch-size', '1');
    expect(again.code).toBe(1); // the unknown-key secret is still there, and still reported
    expect(again.out).toMatchObject({ reencrypted: 0, already_current: 1 });
    expect(again.out.failed).toContain(unknown.user.id);
    expect((await storedSecret(underA)).sealed).toBe(before);
  });

  it('rejects unknown options and a batch size out of range with validation_failed', async () => {
    const bad = await admin('mfa', 'rekey', '--batch-size', '0');
    expect(bad).toMatchObject({ code: 1, out: null, err: { error: { code: 'validation_failed' } } });
    expect(bad.err.error.message).toMatch(/--batch-size/);
    const unknownOption = await admin('mfa', 'rekey', '--org', org.slug);
    expect(unknownOption).toMatchObject({ code: 1, err: { error: { code: 'validation_failed' } } });
  });
});
