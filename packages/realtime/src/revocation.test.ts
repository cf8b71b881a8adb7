import { Session } from '@scip/auth';
import { withActor } from '@scip/context';
import { Events, User } from '@scip/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DynsecCommandClient } from './dynsec/command-client.ts';
import { mosquittoBroker } from './dynsec/mosquitto-broker.ts';
import { PUBLISH_PERMISSION, SUBSCRIBE_PERMISSION } from './policy.ts';
import { dropSessionConnection, installRevocation } from './revocation.ts';
import { connect, dropped, eventually, refusal, stackBroker } from './test-support/mqtt.ts';
import { closeTestPool, liveSession, type TestSession, testSession } from './test-support/sessions.ts';
import { closeBroker, setBroker } from './use-broker.ts';

installRevocation();
const { broker } = stackBroker();
afterAll(async () => {
  await broker.close();
  await closeBroker();
  await closeTestPool();
});

const asOrgSystem = <T>(orgId: string, fn: () => Promise<T>) =>
  withActor({ type: 'system', reason: 'test', orgId }, fn);

/** A session with a live MQTT connection, and a flag that flips when the broker drops it. */
async function liveConnection(session: TestSession) {
  const identity = {
    kind: 'user' as const,
    orgId: session.orgId,
    role: 'member' as const,
    permissions: [SUBSCRIBE_PERMISSION, PUBLISH_PERMISSION],
  };
  const issued = await broker.upsertSessionClient(session, identity);
  const creds = { clientId: issued.clientId, username: issued.username, password: issued.password };
  const client = await connect(creds);
  const state = { reason: undefined as number | 'closed' | undefined };
  void dropped(client).then((r) => {
    state.reason = r;
  });
  return { creds, state };
}

describe('revocation reaches the socket', () => {
  it('logout (Session.revoke) drops the live connection within 1 s; the old password is refused', async () => {
    const session = await liveSession();
    const { creds, state } = await liveConnection(session);
    await asOrgSystem(session.orgId, () => Session.revoke(session.sessionId, 'logout'));
    await eventually('drop after logout', () => state.reason !== undefined, 1_000);
    expect(state.reason).toBe(152);
    expect(await refusal(creds)).toBe(135);
  });

  it('refresh-token reuse and password change (revokeAllForUser) drop every connection of the user', async () => {
    const first = await liveSession();
    const second = await testSession(first);
    const a = await liveConnection(first);
    const b = await liveConnection(second);
    await asOrgSystem(first.orgId, () => Session.revoke(first.sessionId, 'refresh_token_reused'));
    await eventually('drop after reuse', () => a.state.reason !== undefined, 1_000);
    await asOrgSystem(first.orgId, () =>
      Session.revokeAllForUser(first.userId, { reason: 'password_changed' }),
    );
    await eventually('drop after password change', () => b.state.reason !== undefined, 1_000);
    expect([a.state.reason, b.state.reason]).toEqual([152, 152]);
    expect(await refusal(a.creds)).toBe(135);
    expect(await refusal(b.creds)).toBe(135);
  });

  it('user disable drops the live connection within 1 s', async () => {
    const session = await liveSession();
    const { creds, state } = await liveConnection(session);
    await asOrgSystem(session.orgId, () => User.disable(session.userId));
    await eventually('drop after disable', () => state.reason !== undefined, 1_000);
    expect(state.reason).toBe(152);
    expect(await refusal(creds)).toBe(135);
  });

  it('generates the broker roles of a new organization on organization.created', async () => {
    const orgId = crypto.randomUUID();
    await Events.emit('organization.created', { orgId });
    const { dynsec } = stackBroker();
    const role = await dynsec.send({ command: 'getRole', rolename: `scip-org-${orgId}-user-sub-pub` });
    expect(role.error).toBeUndefined();
    await mosquittoBroker(dynsec).removeOrgRoles(orgId);
    await dynsec.close();
  });

  it('surfaces an unreachable broker as dependency_unavailable (and queues a retry), never as success', async () => {
    const down = mosquittoBroker(
      new DynsecCommandClient({ url: 'mqtt://127.0.0.1:1', username: 'x', password: 'y', timeoutMs: 200 }),
    );
    const previous = setBroker(down);
    try {
      await expect(
        dropSessionConnection({ sessionId: crypto.randomUUID(), userId: 'u', orgId: 'o', reason: 'logout' }),
      ).rejects.toMatchObject({ code: 'dependency_unavailable' });
    } finally {
      setBroker(previous);
      await down.close();
    }
  });
});
