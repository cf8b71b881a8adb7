import { randomBytes, randomUUID } from 'node:crypto';
import { resetEnv } from '@scip/config';
import { withActor } from '@scip/context';
import { confirm, enroll } from '../mfa/mfa.ts';
import { codeAt } from '../mfa/totp.ts';
import { adminQuery, newUser, type TestOrg, type TestUser } from './fixtures.ts';

/** Test-only: TOTP encryption keys of a test file's own, and users with TOTP confirmed under them. */

const original = {
  key: process.env.TOTP_ENCRYPTION_KEY as string,
  previous: process.env.TOTP_ENCRYPTION_KEY_PREVIOUS,
};

/** A fresh TOTP_ENCRYPTION_KEY value (base64 of 32 random bytes). */
export const newTotpKey = () => randomBytes(32).toString('base64');

/** Sets the keys of this process and of the subprocesses it starts (they inherit process.env). */
export function useTotpKeys(current: string, previous: string[] = []): void {
  process.env.TOTP_ENCRYPTION_KEY = current;
  process.env.TOTP_ENCRYPTION_KEY_PREVIOUS = previous.join(',');
  resetEnv();
}

/** Puts back the keys the process started with. */
export function restoreTotpKeys(): void {
  process.env.TOTP_ENCRYPTION_KEY = original.key;
  if (original.previous === undefined) delete process.env.TOTP_ENCRYPTION_KEY_PREVIOUS;
  else process.env.TOTP_ENCRYPTION_KEY_PREVIOUS = original.previous;
  resetEnv();
}

export interface Enrolled {
  user: TestUser;
  secret: string;
}

/** A new user of `org` with TOTP confirmed (at the current time) under whatever key is configured now. */
export async function enrolledUser(org: TestOrg): Promise<Enrolled> {
  const user = await newUser(org);
  const actor = {
    type: 'user',
    userId: user.id,
    orgId: org.id,
    sessionId: randomUUID(),
    role: 'member',
    permissions: [],
  } as const;
  const { secret } = await withActor(actor, () => enroll());
  await withActor(actor, () => confirm(codeAt(secret)));
  return { user, secret };
}

/** The user's live TOTP row: its id and the stored (sealed) secret. */
export async function storedSecret(u: Enrolled): Promise<{ id: string; sealed: string }> {
  const [row] = await adminQuery(
    u.user.orgId,
    (tx) => tx<{ id: string; sealed: string }[]>`
      SELECT id, totp_secret_encrypted AS sealed FROM app.user_mfa WHERE user_id = ${u.user.id} AND deleted_at IS NULL`,
  );
  return row as { id: string; sealed: string };
}
