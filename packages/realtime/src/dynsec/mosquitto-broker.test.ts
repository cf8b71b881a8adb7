import { afterAll, describe, expect, it } from 'vitest';
import { PUBLISH_PERMISSION, SUBSCRIBE_PERMISSION, topicPolicy } from '../policy.ts';
import {
  connect,
  dropped,
  newOrgId,
  publishCode,
  refusal,
  stackBroker,
  subscribeCodes,
} from '../test-support/mqtt.ts';
import { closeTestPool, liveSession } from '../test-support/sessions.ts';
import { aclsFor } from './acls.ts';
import { DynsecCommandClient } from './command-client.ts';
import { orgRoleName, syncRole } from './roles.ts';

const { dynsec, broker } = stackBroker();
afterAll(async () => {
  await broker.close();
  await closeTestPool();
});

const member = (orgId: string) => ({
  kind: 'user' as const,
  orgId,
  role: 'member' as const,
  permissions: [SUBSCRIBE_PERMISSION, PUBLISH_PERMISSION],
});
// Real session rows: a concurrent expiry sweep must see these clients as live.
const session = async () => liveSession();

describe('mosquitto dynsec broker', () => {
  it('generates every profile role of an organization from the policy function', async () => {
    const orgId = newOrgId();
    await broker.ensureOrgRoles(orgId);
    const role = await dynsec.run({ command: 'getRole', rolename: orgRoleName(member(orgId)) });
    const acls = roleAcls(role);
    expect(acls.map((a) => `${a.acltype} ${a.topic}`).sort()).toEqual(
      aclsFor(topicPolicy(member(orgId)))
        .map((a) => `${a.acltype} ${a.topic}`)
        .sort(),
    );
    await broker.removeOrgRoles(orgId);
    expect((await dynsec.send({ command: 'getRole', rolename: orgRoleName(member(orgId)) })).error).toMatch(
      /not found/i,
    );
    await broker.removeOrgRoles(orgId); // idempotent
  });

  it('issues session credentials that connect, and only for the bound client id', async () => {
    const info = await session();
    const orgId = info.orgId;
    const issued = await broker.upsertSessionClient(info, member(orgId));
    const client = await connect({
      clientId: issued.clientId,
      username: issued.username,
      password: issued.password,
    });
    expect(await subscribeCodes(client, `org/${orgId}/events`)).toEqual([1]);
    expect(await subscribeCodes(client, `org/${newOrgId()}/events`)).toEqual([135]);
    expect(await publishCode(client, `org/${orgId}/exercise/e/control`, '{}')).toBe(135);
    await client.endAsync();
    expect(
      await refusal({ clientId: 'someone-else', username: issued.username, password: issued.password }),
    ).toBe(135);
    expect(await broker.listSessionClients()).toContainEqual({
      ...info,
      expiresAt: new Date(Math.floor(info.expiresAt.getTime() / 1000) * 1000),
    });
    await broker.deleteSessionClient(info.sessionId);
  });

  it('refreshing rotates the password: the live connection drops and the old password is refused', async () => {
    const info = await session();
    const orgId = info.orgId;
    const first = await broker.upsertSessionClient(info, member(orgId));
    const client = await connect({
      clientId: first.clientId,
      username: first.username,
      password: first.password,
    });
    const gone = dropped(client);
    const second = await broker.upsertSessionClient(info, member(orgId));
    expect(await gone).toBe(152);
    expect(
      await refusal({ clientId: first.clientId, username: first.username, password: first.password }),
    ).toBe(135);
    expect(
      await refusal({ clientId: second.clientId, username: second.username, password: second.password }),
    ).toBe('connected');
    await broker.deleteSessionClient(info.sessionId);
  });

  it('deleting the session client drops the live connection and is idempotent', async () => {
    const info = await session();
    const orgId = info.orgId;
    const issued = await broker.upsertSessionClient(info, member(orgId));
    const client = await connect({
      clientId: issued.clientId,
      username: issued.username,
      password: issued.password,
    });
    const gone = dropped(client);
    await broker.deleteSessionClient(info.sessionId);
    expect(await gone).toBe(152);
    await broker.deleteSessionClient(info.sessionId);
    expect(
      await refusal({ clientId: issued.clientId, username: issued.username, password: issued.password }),
    ).toBe(135);
  });

  it('corrects a role whose ACLs drifted from the policy (a policy change) and kicks its holders', async () => {
    const info = await session();
    const orgId = info.orgId;
    const rolename = orgRoleName(member(orgId));
    const issued = await broker.upsertSessionClient(info, member(orgId));
    await dynsec.run({
      command: 'addRoleACL',
      rolename,
      acltype: 'subscribePattern',
      topic: '#',
      allow: true,
    });
    const client = await connect({
      clientId: issued.clientId,
      username: issued.username,
      password: issued.password,
    });
    const gone = dropped(client);
    // A fresh command client has no cache, like a newly deployed function with the new policy.
    const fresh = new DynsecCommandClient({ ...connectionOf(), timeoutMs: 3_000 });
    await syncRole(fresh, rolename, aclsFor(topicPolicy(member(orgId))));
    await fresh.close();
    expect(await gone).toBe(152);
    const role = await dynsec.run({ command: 'getRole', rolename });
    const acls = roleAcls(role);
    expect(acls.filter((a) => a.acltype === 'subscribePattern' && a.topic === '#')).toEqual([]);
    await broker.deleteSessionClient(info.sessionId);
  });

  it('turns an unreachable broker into dependency_unavailable within the command timeout', async () => {
    const down = new DynsecCommandClient({
      url: 'mqtt://127.0.0.1:1',
      username: 'x',
      password: 'y',
      timeoutMs: 300,
    });
    await expect(down.send({ command: 'listClients' })).rejects.toMatchObject({
      code: 'dependency_unavailable',
      status: 503,
    });
    await down.close();
  });
});

function connectionOf() {
  const env = process.env;
  return {
    url: env.MQTT_URL ?? '',
    username: env.MQTT_ADMIN_USERNAME ?? '',
    password: env.MQTT_ADMIN_PASSWORD ?? '',
  };
}

function roleAcls(data: Record<string, unknown> | undefined): { acltype: string; topic: string }[] {
  return (data?.role as { acls?: { acltype: string; topic: string }[] } | undefined)?.acls ?? [];
}
