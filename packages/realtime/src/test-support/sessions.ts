import { randomUUID } from 'node:crypto';
import { adminPool, asOrg, createTestOrg } from '@scip/db/test-support/index';
import { stackBroker } from './mqtt.ts';

/** Real rows (org, user, session) so the sweep and the credentials route see a live session. */
export interface TestSession {
  orgId: string;
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

let admin: ReturnType<typeof adminPool> | undefined;
/** Organizations created here: their broker roles are removed again by closeTestPool. */
const createdOrgs: string[] = [];
const pool = () => {
  admin ??= adminPool(2);
  return admin;
};

/** An organization with one org_admin user. */
export async function testOrg(): Promise<{ orgId: string; userId: string; slug: string }> {
  const org = await createTestOrg(pool(), 'rt');
  createdOrgs.push(org.id);
  return { orgId: org.id, userId: org.userId, slug: org.slug };
}

/** A session row of `userId` in `orgId` that expires at `expiresAt` (default in an hour). */
export async function testSession(
  org: { orgId: string; userId: string },
  expiresAt = new Date(Date.now() + 3_600_000),
): Promise<TestSession> {
  const sessionId = randomUUID();
  await asOrg(
    pool(),
    org.orgId,
    (tx) =>
      tx`insert into app.user_sessions (id, user_id, expires_at) values (${sessionId}, ${org.userId}, ${expiresAt})`,
  );
  return { orgId: org.orgId, userId: org.userId, sessionId, expiresAt };
}

/** Moves a session's end (to the past, to test expiry). */
export async function setSessionExpiry(session: TestSession, expiresAt: Date): Promise<void> {
  await asOrg(
    pool(),
    session.orgId,
    (tx) => tx`update app.user_sessions set expires_at = ${expiresAt} where id = ${session.sessionId}`,
  );
}

/** Ends the pool and removes the broker roles of the organizations this process created. */
export async function closeTestPool(): Promise<void> {
  await admin?.end({ timeout: 5 });
  admin = undefined;
  if (createdOrgs.length === 0) return;
  const { broker } = stackBroker();
  try {
    for (const orgId of createdOrgs.splice(0)) await broker.removeOrgRoles(orgId);
  } finally {
    await broker.close();
  }
}

/** A fresh organization with a live session of its admin user. */
export async function liveSession(expiresAt?: Date): Promise<TestSession> {
  return testSession(await testOrg(), expiresAt);
}
