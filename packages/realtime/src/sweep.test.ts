import { adminPool, asOrg } from '@scip/db/test-support/index';
import { afterAll, describe, expect, it } from 'vitest';
import { DynsecCommandClient } from './dynsec/command-client.ts';
import { mosquittoBroker } from './dynsec/mosquitto-broker.ts';
import { SUBSCRIBE_PERMISSION } from './policy.ts';
import { runSweep } from './sweep.ts';
import { connect, dropped, refusal, stackBroker, subscribeCodes } from './test-support/mqtt.ts';
import { closeTestPool, liveSession, setSessionExpiry, type TestSession } from './test-support/sessions.ts';
import { closeBroker, setBroker } from './use-broker.ts';

const { broker, dynsec } = stackBroker();
const admin = adminPool(1);
afterAll(async () => {
  await broker.close();
  await closeBroker();
  await closeTestPool();
  await admin.end({ timeout: 5 });
});

async function connected(session: TestSession) {
  const identity = {
    kind: 'user' as const,
    orgId: session.orgId,
    role: 'observer' as const,
    permissions: [SUBSCRIBE_PERMISSION],
  };
  const issued = await broker.upsertSessionClient(session, identity);
  const creds = { clientId: issued.clientId, username: issued.username, password: issued.password };
  const client = await connect(creds);
  return { client, creds, gone: dropped(client) };
}

describe('runSweep', () => {
  it('regenerates drifted roles of organizations with live clients (a policy change after a deploy)', async () => {
    const session = await liveSession();
    const { client, gone } = await connected(session);
    const rolename = `scip-org-${session.orgId}-user-sub`;
    await dynsec.run({
      command: 'addRoleACL',
      rolename,
      acltype: 'subscribePattern',
      topic: 'org/#',
      allow: true,
    });
    // A fresh process (new deployment): empty role cache.
    const fresh = mosquittoBroker(new DynsecCommandClient({ ...adminConnection(), timeoutMs: 3_000 }));
    const previous = setBroker(fresh);
    try {
      const result = await runSweep();
      expect(result.orgsSynced).toBeGreaterThanOrEqual(1);
    } finally {
      setBroker(previous);
      await fresh.close();
    }
    expect(await gone).toBe(152); // holders kicked, reconnect under the corrected role
    const role = await dynsec.run({ command: 'getRole', rolename });
    expect(JSON.stringify(role)).not.toContain('"topic":"org/#"');
    await client.endAsync(true);
    await broker.deleteSessionClient(session.sessionId);
  });

  it('leaves a live session connected', async () => {
    const session = await liveSession();
    const { client } = await connected(session);
    await runSweep();
    expect(client.connected).toBe(true);
    expect(await subscribeCodes(client, `org/${session.orgId}/events`)).toEqual([1]);
    await client.endAsync();
    await broker.deleteSessionClient(session.sessionId);
  });

  it("drops an expired session's live connection, and its password stops working", async () => {
    const session = await liveSession();
    const { creds, gone } = await connected(session);
    await setSessionExpiry(session, new Date(Date.now() - 1_000));
    const result = await runSweep();
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(await gone).toBe(152);
    expect(await refusal(creds)).toBe(135);
  });

  it('drops a session revoked in the database even when no event reached realtime', async () => {
    const session = await liveSession();
    const { creds, gone } = await connected(session);
    await asOrg(
      admin,
      session.orgId,
      (tx) => tx`update app.user_sessions set revoked_at = now() where id = ${session.sessionId}`,
    );
    await runSweep();
    expect(await gone).toBe(152);
    expect(await refusal(creds)).toBe(135);
  });
});

function adminConnection() {
  const env = process.env;
  return {
    url: env.MQTT_URL ?? '',
    username: env.MQTT_ADMIN_USERNAME ?? '',
    password: env.MQTT_ADMIN_PASSWORD ?? '',
  };
}
