import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope } from './envelope.ts';
import {
  canPublish,
  canSubscribe,
  PUBLISH_PERMISSION,
  SUBSCRIBE_PERMISSION,
  type TopicIdentity,
  topicPolicy,
} from './policy.ts';
import { publishOnce } from './publisher.ts';
import {
  collect,
  connect,
  eventually,
  publishCode,
  refusal,
  stackBroker,
  subscribeCodes,
} from './test-support/mqtt.ts';
import { closeTestPool, testOrg, testSession } from './test-support/sessions.ts';
import { topicGenerator } from './test-support/topic-fuzz.ts';
import { controlTopic, feedTopic, HEALTH_TOPIC, orgEventsTopic } from './topics.ts';

const { broker } = stackBroker();
const opened: MqttClient[] = [];
const sessions: string[] = [];
let A = '';
let B = '';
let aAdmin: MqttClient;
let aMember: MqttClient;
let bAdmin: MqttClient;
let bSeen: { topic: string; payload: string }[];
let aSeen: { topic: string; payload: string }[];
let aCreds: { clientId: string; username: string; password: string };

async function clientFor(
  org: { orgId: string; userId: string },
  identity: Extract<TopicIdentity, { kind: 'user' }>,
) {
  const session = await testSession(org);
  sessions.push(session.sessionId);
  const issued = await broker.upsertSessionClient(session, identity);
  const creds = { clientId: issued.clientId, username: issued.username, password: issued.password };
  const client = await connect(creds);
  opened.push(client);
  return { client, creds };
}

const member = (orgId: string) =>
  ({ kind: 'user', orgId, role: 'member', permissions: [SUBSCRIBE_PERMISSION, PUBLISH_PERMISSION] }) as const;
const orgAdmin = (orgId: string) => ({ kind: 'user', orgId, role: 'org_admin', permissions: [] }) as const;

beforeAll(async () => {
  const orgA = await testOrg();
  const orgB = await testOrg();
  A = orgA.orgId;
  B = orgB.orgId;
  orgUsers.set(A, orgA.userId);
  ({ client: aAdmin } = await clientFor(orgA, orgAdmin(A)));
  ({ client: aMember, creds: aCreds } = await clientFor(orgA, member(A)));
  ({ client: bAdmin } = await clientFor(orgB, orgAdmin(B)));
  bSeen = collect(bAdmin);
  aSeen = collect(aAdmin);
  expect(await subscribeCodes(bAdmin, `org/${B}/#`)).toEqual([1]);
  expect(await subscribeCodes(aAdmin, `org/${A}/#`)).toEqual([1]);
});
afterAll(async () => {
  await Promise.all(opened.map((c) => c.endAsync(true)));
  for (const id of sessions) await broker.deleteSessionClient(id);
  await broker.close();
  await closeTestPool();
});

async function testOrgUser(orgId: string): Promise<string | undefined> {
  return orgUsers.get(orgId);
}
const orgUsers = new Map<string, string>();

/**
 * A client that comes back when the broker drops it (a malformed filter is a protocol error), with one
 * persistent session so its subscriptions survive; collects every message it receives.
 */
async function fuzzClient(
  org: { orgId: string; userId: string },
  identity: Extract<TopicIdentity, { kind: 'user' }>,
) {
  const session = await testSession(org);
  sessions.push(session.sessionId);
  const issued = await broker.upsertSessionClient(session, identity);
  const creds = {
    clientId: issued.clientId,
    username: issued.username,
    password: issued.password,
    clean: false,
  };
  const seen: { topic: string; payload: string }[] = [];
  let client = await connect(creds);
  const attach = (c: MqttClient) =>
    c.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
  attach(client);
  // For the barrier: the org's events, whatever the fuzz grants.
  await client.subscribeAsync(orgEventsTopic(org.orgId), { qos: 1 });
  return {
    identity,
    seen,
    async connected() {
      if (!client.connected) {
        await client.endAsync(true).catch(() => {});
        client = await connect(creds);
        attach(client);
      }
      return client;
    },
    close: () => client.endAsync(true),
  };
}

/** Publishes a marker as the platform into `org`, waits until `seen` has it: everything sent before is in. */
async function barrier(org: string, seen: { payload: string }[]) {
  const marker = createEnvelope({ org, type: 'test.barrier', data: {} });
  await publishOnce(orgEventsTopic(org), marker);
  await eventually('barrier', () => seen.some((m) => m.payload === JSON.stringify(marker)));
}

describe('authentication', () => {
  it('refuses wrong, missing and anonymous credentials and a foreign client id', async () => {
    expect(await refusal({ ...aCreds, password: 'wrong-password-123' })).toBe(135);
    expect(await refusal({ clientId: aCreds.clientId, username: aCreds.username })).toBe(135);
    expect(await refusal({ clientId: 'anon' })).toBe(135);
    expect(await refusal({ ...aCreds, clientId: 'not-bound' })).toBe(135);
    expect(await refusal({ ...aCreds, protocolVersion: 4, password: 'wrong-password-123' })).toBe(5);
    expect(await refusal({ clientId: 'anon311', protocolVersion: 4 })).toBe(5);
  });
});

describe('isolation between organizations', () => {
  it.each([
    `org/{B}/#`,
    'org/+/events',
    '#',
    '$SYS/#',
    'org/{B}/events',
    '+/{B}/#',
    'org/#',
    '+/+/events',
    '$CONTROL/#',
  ])('an org-A client cannot subscribe to %s', async (template) => {
    const filter = template.replace('{B}', B);
    expect(await subscribeCodes(aAdmin, filter)).toEqual([135]);
    expect(await subscribeCodes(aMember, filter)).toEqual([135]);
  });

  it("what org A publishes into B's topics is refused and never reaches a B subscriber", async () => {
    for (const topic of [
      orgEventsTopic(B),
      controlTopic(B, 'e'),
      feedTopic(B, 'e', 't', 'chat'),
      `org/${B}/x`,
      HEALTH_TOPIC,
    ]) {
      const payload = JSON.stringify(createEnvelope({ org: B, type: 'test.intrusion', data: { topic } }));
      expect(await publishCode(aAdmin, topic, payload)).toBe(135);
      expect(await publishCode(aMember, topic, payload)).toBe(135);
    }
    await barrier(B, bSeen);
    expect(bSeen.filter((m) => m.payload.includes('test.intrusion'))).toEqual([]);
  });

  it('an MQTT 3.1.1 client of A publishing into B is dropped silently and reaches no B subscriber', async () => {
    const session = await testSession({ orgId: A, userId: orgUsers.get(A) ?? '' });
    sessions.push(session.sessionId);
    const issued = await broker.upsertSessionClient(session, member(A));
    const legacy = await connect({ ...issued, protocolVersion: 4 });
    opened.push(legacy);
    const payload = JSON.stringify(createEnvelope({ org: B, type: 'test.legacy_intrusion', data: {} }));
    // 3.1.1 has no PUBACK reason codes: the broker acknowledges and drops.
    await legacy.publishAsync(orgEventsTopic(B), payload, { qos: 1 });
    await barrier(B, bSeen);
    expect(bSeen.filter((m) => m.payload.includes('test.legacy_intrusion'))).toEqual([]);
  });

  it('a B subscriber sees only B, an A subscriber only A', async () => {
    const forA = createEnvelope({ org: A, type: 'test.for_a', data: {} });
    const forB = createEnvelope({ org: B, type: 'test.for_b', data: {} });
    await publishOnce(orgEventsTopic(A), forA);
    await publishOnce(orgEventsTopic(B), forB);
    await barrier(A, aSeen);
    await barrier(B, bSeen);
    expect(bSeen.every((m) => m.topic.startsWith(`org/${B}/`))).toBe(true);
    expect(aSeen.every((m) => m.topic.startsWith(`org/${A}/`))).toBe(true);
    expect(bSeen.some((m) => m.payload === JSON.stringify(forB))).toBe(true);
  });
});

describe('property: generated topic strings find no way across', () => {
  const SEED = 20261127;
  const COUNT = 250;

  it(`subscriptions (seed ${SEED}, ${COUNT} filters): every grant stays inside the policy, nothing of B arrives`, async () => {
    const next = topicGenerator(SEED, A, B);
    const orgA = { orgId: A, userId: (await testOrgUser(A)) ?? '' };
    const fuzzers = [await fuzzClient(orgA, member(A)), await fuzzClient(orgA, orgAdmin(A))];
    const leaks: string[] = [];
    let granted = 0;
    for (let i = 0; i < COUNT; i++) {
      const filter = next(true);
      for (const f of fuzzers) {
        const codes = await subscribeCodes(await f.connected(), filter, 1);
        const ok = codes.every((c) => c >= 0 && c < 0x80);
        if (ok) granted++;
        if (ok && !canSubscribe(topicPolicy(f.identity), filter))
          leaks.push(`${f.identity.role} granted ${JSON.stringify(filter)}`);
      }
    }
    // Whatever was granted: publish into every B topic shape as the platform; none may reach A's clients.
    for (const topic of [orgEventsTopic(B), controlTopic(B, 'e'), feedTopic(B, 'e', 't', 'chat')]) {
      await publishOnce(topic, createEnvelope({ org: B, type: 'test.cross', data: {} }));
    }
    for (const f of fuzzers) {
      await f.connected();
      await barrier(A, f.seen);
    }
    expect(leaks).toEqual([]);
    expect(granted).toBeGreaterThan(0);
    const foreign = fuzzers
      .flatMap((f) => f.seen)
      .filter((m) => !m.topic.startsWith(`org/${A}/`) && m.topic !== HEALTH_TOPIC);
    expect(foreign).toEqual([]);
    for (const f of fuzzers) await f.close();
  });

  it(`publications (seed ${SEED + 1}, ${COUNT} topics): accepted only inside the policy, nothing reaches B`, async () => {
    const next = topicGenerator(SEED + 1, A, B);
    const policy = topicPolicy(orgAdmin(A));
    const leaks: string[] = [];
    let accepted = 0;
    for (let i = 0; i < COUNT; i++) {
      const topic = next(false);
      const payload = JSON.stringify({ fuzz: i });
      const code = await publishCode(aAdmin, topic, payload);
      if (code === 0) accepted++;
      if (code === 0 && !canPublish(policy, topic)) leaks.push(`accepted ${JSON.stringify(topic)}`);
    }
    await barrier(B, bSeen);
    expect(leaks).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
    expect(bSeen.filter((m) => m.payload.includes('"fuzz"'))).toEqual([]);
  });
});
