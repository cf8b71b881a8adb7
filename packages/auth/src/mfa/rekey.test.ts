import { withActor } from '@scip/context';
import type { Sql } from '@scip/db';
import { adminPool, asOrg } from '@scip/db/test-support/index';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { login } from '../login/login.ts';
import { adminQuery, newOrg, randomIp, type TestOrg } from '../test-support/fixtures.ts';
import {
  type Enrolled,
  enrolledUser,
  newTotpKey,
  restoreTotpKeys,
  storedSecret,
  useTotpKeys,
} from '../test-support/totp.ts';
import { type RekeyResult, rekeyAll } from './rekey.ts';
import { keyRing, open } from './secret-box.ts';
import { codeAt } from './totp.ts';

// Keys of this file only: the stack's own TOTP key is never used, so rows of other test files (sealed under
// it) are unknown here and merely reported in `failed`, while the counts below stay exact for this file.
const [KEY_A, KEY_B, KEY_X] = [newTotpKey(), newTotpKey(), newTotpKey()];

// The clock is frozen and moved a TOTP step at a time, so every login has a fresh, valid code.
const STEP = 30_000;
const T0 = Date.now();
const atStep = (n: number) => vi.setSystemTime(T0 + n * STEP);

let admin: Sql;
let org: TestOrg;
const operator = { type: 'system', reason: 'test' } as const;
const rekey = (): Promise<RekeyResult> => withActor(operator, () => rekeyAll({ sql: admin, batchSize: 2 }));

const keyIdOf = (sealed: string) => sealed.split(':')[4];
const loginWithTotp = ({ user, secret }: Enrolled) =>
  login(
    { organization: user.orgSlug, email: user.email, password: user.password, totp: codeAt(secret) },
    { ip: randomIp(), fingerprint: 'rekey-test' },
  );

let underA: Enrolled; // sealed with a key id, under A
let legacyA: Enrolled; // under A, stored in the layout from before key ids (no key id)
let unknown: Enrolled; // under X, a key the rotation never hears of
let underB: Enrolled; // enrolled during the rotation, so already under B
let before: Record<string, string>;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  atStep(0);
  admin = adminPool(2);
  org = await newOrg('rekey');
  useTotpKeys(KEY_A);
  underA = await enrolledUser(org);
  legacyA = await enrolledUser(org);
  const legacyRow = await storedSecret(legacyA);
  const fourFields = legacyRow.sealed.split(':').slice(0, 4).join(':');
  await adminQuery(
    org.id,
    (tx) => tx`UPDATE app.user_mfa SET totp_secret_encrypted = ${fourFields} WHERE id = ${legacyRow.id}`,
  );
  useTotpKeys(KEY_X);
  unknown = await enrolledUser(org);
});

afterAll(async () => {
  vi.useRealTimers();
  restoreTotpKeys();
  await admin.end();
});

describe('TOTP_ENCRYPTION_KEY rotation (README procedure)', () => {
  it('with B current and A previous, TOTP logins keep working and new enrolments are sealed under B', async () => {
    const sealedA = (await storedSecret(underA)).sealed;
    useTotpKeys(KEY_B);
    expect(() => open(sealedA, underA.user.id)).toThrow(/any known key/); // B alone cannot: A is needed
    useTotpKeys(KEY_B, [KEY_A]);
    atStep(1);
    expect((await loginWithTotp(underA)).access_token).toEqual(expect.any(String));
    expect((await loginWithTotp(legacyA)).access_token).toEqual(expect.any(String));
    underB = await enrolledUser(org);
    expect(keyIdOf((await storedSecret(underB)).sealed)).toBe(keyRing().current.id);
    before = Object.fromEntries(
      await Promise.all(
        [underA, legacyA, unknown, underB].map(async (u) => [u.user.id, (await storedSecret(u)).sealed]),
      ),
    );
  });

  it('rekey moves every secret under a known key to B and reports the one no key opens, untouched', async () => {
    const result = await rekey();
    expect(result.reencrypted).toBe(2);
    expect(result.already_current).toBe(1);
    expect(result.failed).toContain(unknown.user.id);
    for (const u of [underA, legacyA, underB]) expect(result.failed).not.toContain(u.user.id);

    const idB = keyRing().current.id;
    for (const u of [underA, legacyA]) {
      const now = (await storedSecret(u)).sealed;
      expect(now).not.toBe(before[u.user.id]);
      expect(keyIdOf(now)).toBe(idB);
      expect(open(now, u.user.id, KEY_B)).toBe(u.secret);
    }
    expect((await storedSecret(underB)).sealed).toBe(before[underB.user.id]);
    const kept = (await storedSecret(unknown)).sealed;
    expect(kept).toBe(before[unknown.user.id]);
    expect(open(kept, unknown.user.id, KEY_X)).toBe(unknown.secret);
  });

  it('is audited: row audit as the system actor with the secret masked, and a summary event', async () => {
    const { id } = await storedSecret(underA);
    const rows = await adminQuery(
      org.id,
      (tx) => tx<{ actor: string; old_secret: string; new_secret: string; audited: string }[]>`
        SELECT actor, old->>'totp_secret_encrypted' AS old_secret, new->>'totp_secret_encrypted' AS new_secret,
               concat(old::text, new::text, details::text) AS audited
        FROM audit.log WHERE organization_id = ${org.id} AND row_id = ${id} AND action = 'UPDATE'
        ORDER BY seq`,
    );
    const rekeyed = rows.filter((r) => r.actor === 'system:test');
    expect(rekeyed).toHaveLength(1);
    expect(rekeyed[0]).toMatchObject({ old_secret: '[masked]', new_secret: '[masked]' });
    for (const r of rows) {
      expect(r.audited).not.toContain(underA.secret);
      expect(r.audited).not.toContain(before[underA.user.id]);
    }
    const [summary] = await asOrg(
      admin,
      undefined,
      (tx) => tx<{ severity: string; details: RekeyResult & { key_id: string } }[]>`
        SELECT severity, details FROM audit.log
        WHERE event_type = 'auth.mfa.rekeyed' AND details->>'key_id' = ${keyRing().current.id}
        ORDER BY occurred_at LIMIT 1`,
    );
    expect(summary?.severity).toBe('warning');
    expect(summary?.details).toMatchObject({ reencrypted: 2, already_current: 1 });
    expect(summary?.details.failed).toContain(unknown.user.id);
  });

  it('with only B configured afterwards, TOTP logins work for every re-encrypted secret', async () => {
    useTotpKeys(KEY_B);
    atStep(2);
    for (const u of [underA, legacyA, underB]) {
      expect((await loginWithTotp(u)).access_token).toEqual(expect.any(String));
    }
  });

  it('running it again changes nothing (idempotent)', async () => {
    const afterFirst = await Promise.all(
      [underA, legacyA, unknown, underB].map(async (u) => (await storedSecret(u)).sealed),
    );
    const again = await rekey();
    expect(again).toMatchObject({ reencrypted: 0, already_current: 3 });
    expect(again.failed).toContain(unknown.user.id);
    const afterSecond = await Promise.all(
      [underA, legacyA, unknown, underB].map(async (u) => (await storedSecret(u)).sealed),
    );
    expect(afterSecond).toEqual(afterFirst);
  });

  it('refuses to run scoped to one organization (it would silently see only that one)', async () => {
    await expect(
      withActor({ type: 'system', reason: 'test', orgId: org.id }, () => rekeyAll({ sql: admin })),
    ).rejects.toMatchObject({ code: 'permission_denied' });
  });
});
