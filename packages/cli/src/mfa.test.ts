import { randomBytes, randomUUID } from 'node:crypto';
import { Mfa } from '@scip/auth';
import { keyRing, open } from '@scip/auth/mfa/secret-box';
import { adminQuery, newOrg, newUser, type TestOrg } from '@scip/auth/test-support/fixtures';
import { resetEnv } from '@scip/config';
import { withActor } from '@scip/context';
import { closeSql } from '@scip/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from './test-support/run.ts';

// `npm run admin -- mfa rekey` as a subprocess with this file's keys (never the stack's own TOTP key, so
// other test files' secrets are only reported in `failed`, and the counts below are this file's alone).
const newKey = () => randomBytes(32).toString('base64');
const [KEY_A, KEY_B, KEY_X] = [newKey(), newKey(), newKey()];
const original = {
  key: process.env.TOTP_ENCRYPTION_KEY as string,
  previous: process.env.TOTP_ENCRYPTION_KEY_PREVIOUS,
};
/** Sets the keys of this process and of the CLI subprocesses it starts (they inherit process.env). */
function useKeys(current: string, previous: string[] = []) {
  process.env.TOTP_ENCRYPTION_KEY = current;
  process.env.TOTP_ENCRYPTION_KEY_PREVIOUS = previous.join(',');
  resetEnv();
}

let org: TestOrg;
interface Enrolled {
  userId: string;
  secret: string;
}

async function enrolled(): Promise<Enrolled> {
  const user = await newUser(org);
  const actor = {
    type: 'user',
    userId: user.id,
    orgId: org.id,
    sessionId: randomUUID(),
    role: 'member',
    permissions: [],
  } as const;
  const { secret } = await withActor(actor, () => Mfa.enroll());
  await withActor(actor, () => Mfa.confirm(Mfa.codeAt(secret)));
  return { userId: user.id, secret };
}

async function stored(u: Enrolled): Promise<{ id: string; sealed: string }> {
  const [row] = await adminQuery(
    org.id,
    (tx) => tx<{ id: string; sealed: string }[]>`
      SELECT id, totp_secret_encrypted AS sealed FROM app.user_mfa WHERE user_id = ${u.userId} AND deleted_at IS NULL`,
  );
  return row as { id: string; sealed: string };
}

let underA: Enrolled;
let unknown: Enrolled;
beforeAll(async () => {
  org = await newOrg('cli-mfa');
  useKeys(KEY_A);
  underA = await enrolled();
  useKeys(KEY_X);
  unknown = await enrolled();
});
afterAll(async () => {
  process.env.TOTP_ENCRYPTION_KEY = original.key;
  if (original.previous === undefined) delete process.env.TOTP_ENCRYPTION_KEY_PREVIOUS;
  else process.env.TOTP_ENCRYPTION_KEY_PREVIOUS = original.previous;
  resetEnv();
  await closeSql();
});

describe('npm run admin -- mfa rekey', { timeout: 120_000 }, () => {
  it('re-encrypts under the new key, lists the secret no key opens and exits 1; audited as the CLI', async () => {
    const [beforeA, beforeUnknown] = [(await stored(underA)).sealed, (await stored(unknown)).sealed];
    useKeys(KEY_B, [KEY_A]);
    const run = await admin('mfa', 'rekey');
    expect(run.code).toBe(1);
    expect(run.err).toBeNull();
    expect(Object.keys(run.out).sort()).toEqual(['already_current', 'failed', 'reencrypted']);
    expect(run.out).toMatchObject({ reencrypted: 1, already_current: 0 });
    expect(run.out.failed).toContain(unknown.userId);
    expect(run.out.failed).not.toContain(underA.userId);

    const { id, sealed } = await stored(underA);
    expect(sealed).not.toBe(beforeA);
    expect(sealed.split(':')[4]).toBe(keyRing().current.id);
    useKeys(KEY_B); // the previous key is no longer needed
    expect(open(sealed, underA.userId)).toBe(underA.secret);
    expect((await stored(unknown)).sealed).toBe(beforeUnknown);

    const audit = await adminQuery(
      org.id,
      (tx) => tx<{ old_secret: string; new_secret: string }[]>`
        SELECT old->>'totp_secret_encrypted' AS old_secret, new->>'totp_secret_encrypted' AS new_secret
        FROM audit.log WHERE organization_id = ${org.id} AND row_id = ${id} AND actor = 'system:admin-cli'`,
    );
    expect(audit).toEqual([{ old_secret: '[masked]', new_secret: '[masked]' }]);
  });

  it('a second run changes nothing', async () => {
    const before = (await stored(underA)).sealed;
    const again = await admin('mfa', 'rekey', '--batch-size', '1');
    expect(again.code).toBe(1); // the unknown-key secret is still there, and still reported
    expect(again.out).toMatchObject({ reencrypted: 0, already_current: 1 });
    expect(again.out.failed).toContain(unknown.userId);
    expect((await stored(underA)).sealed).toBe(before);
  });

  it('rejects unknown options and a batch size out of range with validation_failed', async () => {
    const bad = await admin('mfa', 'rekey', '--batch-size', '0');
    expect(bad).toMatchObject({ code: 1, out: null, err: { error: { code: 'validation_failed' } } });
    expect(bad.err.error.message).toMatch(/--batch-size/);
    const unknownOption = await admin('mfa', 'rekey', '--org', org.slug);
    expect(unknownOption).toMatchObject({ code: 1, err: { error: { code: 'validation_failed' } } });
  });
});
