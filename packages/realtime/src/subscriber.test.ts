import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { IssuedClient } from './broker.ts';
import { DynsecCommandClient } from './dynsec/command-client.ts';
import { mosquittoBroker } from './dynsec/mosquitto-broker.ts';
import { syncRoleFor } from './dynsec/roles.ts';
import { createEnvelope, type Envelope } from './envelope.ts';
import { PUBLISH_PERMISSION, SUBSCRIBE_PERMISSION } from './policy.ts';
import { publishOnce, servicePublisher } from './publisher.ts';
import { createSubscriber } from './subscriber.ts';
import { connect, eventually, newOrgId, stackBroker } from './test-support/mqtt.ts';
import { startPrivateBroker } from './test-support/private-broker.ts';
import { closeTestPool, liveSession, testSession } from './test-support/sessions.ts';
import { orgEventsTopic } from './topics.ts';

const { broker } = stackBroker();
afterAll(async () => {
  await broker.close();
  await closeTestPool();
});

const member = (orgId: string, permissions = [SUBSCRIBE_PERMISSION, PUBLISH_PERMISSION]) => ({
  kind: 'user' as const,
  orgId,
  role: 'member' as const,
  permissions,
});
const sessionFor = (orgId: string) => ({
  sessionId: randomUUID(),
  userId: randomUUID(),
  orgId,
  expiresAt: new Date(Date.now() + 600_000),
});

function subscriberFor(
  url: string,
  issued: IssuedClient,
  orgId: string,
  received: Envelope[],
  presence = false,
) {
  return createSubscriber({
    url,
    clientId: issued.clientId,
    credentials: { username: issued.username, password: issued.password },
    orgId,
    presence,
    subscriptions: [{ filter: orgEventsTopic(orgId), qos: 1 }],
    backoff: { initialMs: 50, maxMs: 500 },
    onMessage: (envelope) => received.push(envelope),
  });
}

describe('subscriber SDK on the shared broker', () => {
  it('receives QoS 1 messages published while its persistent session was offline', async () => {
    const session = await liveSession();
    const orgId = session.orgId;
    const issued = await broker.upsertSessionClient(session, member(orgId, [SUBSCRIBE_PERMISSION]));
    const received: Envelope[] = [];
    const first = subscriberFor(process.env.MQTT_URL ?? '', issued, orgId, received);
    await first.ready;
    await first.close();

    const sent = [1, 2, 3].map((n) => createEnvelope({ org: orgId, type: 'test.offline', data: { n } }));
    for (const envelope of sent) await publishOnce(orgEventsTopic(orgId), envelope);

    const again = subscriberFor(process.env.MQTT_URL ?? '', issued, orgId, received);
    await eventually('queued messages', () => received.length === 3);
    expect(received.map((e) => e.id)).toEqual(sent.map((e) => e.id));
    await again.close();
    await broker.deleteSessionClient(session.sessionId);
  });

  it('validates envelopes on receipt: drops invalid payloads and envelopes of another org', async () => {
    const session = await liveSession();
    const orgId = session.orgId;
    const issued = await broker.upsertSessionClient(session, member(orgId, [SUBSCRIBE_PERMISSION]));
    const received: Envelope[] = [];
    const sub = subscriberFor(process.env.MQTT_URL ?? '', issued, orgId, received);
    await sub.ready;
    const service = servicePublisher();
    const raw = await connect({ username: service.username, password: service.password });
    await raw.publishAsync(orgEventsTopic(orgId), '{not json', { qos: 1 });
    const foreign = createEnvelope({ org: newOrgId(), type: 'test.foreign', data: {} });
    await raw.publishAsync(orgEventsTopic(orgId), JSON.stringify(foreign), { qos: 1 });
    await raw.endAsync();
    const valid = createEnvelope({ org: orgId, type: 'test.valid', data: {} });
    await publishOnce(orgEventsTopic(orgId), valid);
    await eventually('valid message', () => received.some((e) => e.id === valid.id));
    expect(received.map((e) => e.id)).toEqual([valid.id]);
    expect(sub.invalid).toBe(2);
    await sub.close();
    await broker.deleteSessionClient(session.sessionId);
  });

  it('announces presence.offline through its will when its connection is lost', async () => {
    const watcherSession = await liveSession();
    const orgId = watcherSession.orgId;
    const leaverSession = await testSession(watcherSession);
    const watcherIssued = await broker.upsertSessionClient(watcherSession, member(orgId));
    const leaverIssued = await broker.upsertSessionClient(leaverSession, member(orgId));
    const seen: Envelope[] = [];
    const watcher = subscriberFor(process.env.MQTT_URL ?? '', watcherIssued, orgId, seen);
    const leaver = subscriberFor(process.env.MQTT_URL ?? '', leaverIssued, orgId, [], true);
    await Promise.all([watcher.ready, leaver.ready]);
    leaver.client.stream.destroy(); // the network goes away, no DISCONNECT
    await eventually('will', () => seen.some((e) => e.type === 'presence.offline'));
    expect(seen.find((e) => e.type === 'presence.offline')?.data).toEqual({
      client_id: leaverIssued.clientId,
    });
    await eventually('reconnect after the loss', () => leaver.client.connected);
    // Deleted credentials are refused on reconnect, and the SDK stops instead of hammering the broker.
    const gaveUp = new Promise((resolve) => leaver.once('unauthorized', resolve));
    await broker.deleteSessionClient(leaverSession.sessionId);
    await gaveUp;
    await watcher.close();
    await leaver.close();
    await broker.deleteSessionClient(watcherSession.sessionId);
  });
});

describe('subscriber SDK credential refresh', () => {
  it('fetches fresh credentials when the broker refuses the old ones (rotated elsewhere) and resumes', async () => {
    const session = await liveSession();
    const orgId = session.orgId;
    const identity = member(orgId, [SUBSCRIBE_PERMISSION]);
    const issued = await broker.upsertSessionClient(session, identity);
    let refreshes = 0;
    const received: Envelope[] = [];
    const sub = createSubscriber({
      url: process.env.MQTT_URL ?? '',
      clientId: issued.clientId,
      credentials: { username: issued.username, password: issued.password },
      refreshCredentials: async () => {
        refreshes++;
        const fresh = await broker.upsertSessionClient(session, identity);
        return { username: fresh.username, password: fresh.password };
      },
      orgId,
      presence: false,
      subscriptions: [{ filter: orgEventsTopic(orgId), qos: 1 }],
      backoff: { initialMs: 50, maxMs: 500 },
      onMessage: (envelope) => received.push(envelope),
    });
    await sub.ready;
    let reconnects = 0;
    sub.on('connect', () => reconnects++);
    await broker.upsertSessionClient(session, identity); // someone else rotated: old password dead, socket kicked
    await eventually('refresh and reconnect', () => refreshes >= 1 && reconnects >= 1, 10_000);
    const after = createEnvelope({ org: orgId, type: 'test.after_refresh', data: {} });
    await publishOnce(orgEventsTopic(orgId), after);
    await eventually('message after refresh', () => received.some((e) => e.id === after.id));
    await sub.close();
    await broker.deleteSessionClient(session.sessionId);
  });
});

describe('subscriber SDK across a broker restart (private broker)', () => {
  it('reconnects by itself and keeps receiving, including what was published right after the restart', async () => {
    const mqtt = await startPrivateBroker();
    const dynsec = new DynsecCommandClient({ url: mqtt.url, ...mqtt.admin, timeoutMs: 3_000 });
    try {
      const privateBroker = mosquittoBroker(dynsec);
      const orgId = newOrgId();
      const issued = await privateBroker.upsertSessionClient(
        sessionFor(orgId),
        member(orgId, [SUBSCRIBE_PERMISSION]),
      );
      const service = { username: 'svc', password: randomUUID() };
      const role = await syncRoleFor(dynsec, { kind: 'service' });
      await dynsec.run({ command: 'createClient', ...service, roles: [{ rolename: role }] });
      const publisher = { ...servicePublisher(), url: mqtt.url, ...service };

      const received: Envelope[] = [];
      const sub = subscriberFor(mqtt.url, issued, orgId, received);
      await sub.ready;
      let offline = 0;
      let reconnects = 0;
      sub.on('offline', () => offline++);
      sub.on('connect', () => reconnects++);
      const before = createEnvelope({ org: orgId, type: 'test.before', data: {} });
      await publishOnce(orgEventsTopic(orgId), before, publisher);
      await eventually('message before restart', () => received.some((e) => e.id === before.id));

      await mqtt.restart();
      const after = createEnvelope({ org: orgId, type: 'test.after', data: {} });
      await publishOnce(orgEventsTopic(orgId), after, publisher);
      await eventually('reconnect', () => offline >= 1 && reconnects >= 1, 15_000);
      await eventually('message after restart', () => received.some((e) => e.id === after.id), 15_000);

      const later = createEnvelope({ org: orgId, type: 'test.later', data: {} });
      await publishOnce(orgEventsTopic(orgId), later, publisher);
      await eventually('message after reconnect', () => received.some((e) => e.id === later.id));
      await sub.close();
    } finally {
      await dynsec.close();
      await mqtt.stop();
    }
  });
});
