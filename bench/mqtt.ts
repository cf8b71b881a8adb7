/**
 * Realtime benchmarks against the local stack's Mosquitto (loopback).
 *
 *   npx tsx bench/mqtt.ts [--publishes 500] [--orgs 10] [--subscribers 10] [--messages 200] [--tls]
 *   npx tsx --env-file=.local/runtime.env bench/mqtt.ts …   (use the running stack as is)
 *
 * 1. Short-lived publish, as a Lambda does it: connect (service identity) + QoS 1 publish + PUBACK +
 *    disconnect, sequentially; prints p50/p95/p99/max (goal: p95 ≤ 15 ms on loopback).
 * 2. Org fan-out: `orgs` organizations × `subscribers` session clients each (real sessions, dynsec roles
 *    from the policy), one persistent platform connection publishing `messages` QoS 1 envelopes per org
 *    (interleaved); measures deliveries/s until every subscriber has all of its org's messages, and checks
 *    isolation: each subscriber must receive exactly its org's messages and nothing else.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';

const { values } = parseArgs({
  options: {
    publishes: { type: 'string', default: '500' },
    orgs: { type: 'string', default: '10' },
    subscribers: { type: 'string', default: '10' },
    messages: { type: 'string', default: '200' },
    tls: { type: 'boolean', default: false },
  },
});
// With the stack's env already given (`--env-file=.local/runtime.env`) use it; else start/reuse the stack.
const env: Record<string, string | undefined> = process.env.MQTT_URL
  ? process.env
  : await (await import('../local/stack/index.ts')).up({ log: () => {} });
Object.assign(process.env, env);

// Imported after the environment is in place (useEnv reads process.env once).
const { createEnvelope } = await import('@scip/realtime/envelope');
const { publishOnce, servicePublisher } = await import('@scip/realtime/publisher');
const { orgEventsTopic } = await import('@scip/realtime/topics');
const { stackBroker, newOrgId } = await import('@scip/realtime/test-support/mqtt');
const { testOrg, testSession, closeTestPool } = await import('@scip/realtime/test-support/sessions');
const { readFileSync } = await import('node:fs');

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const ms = (n: number) => Math.round(n * 100) / 100;

async function shortLivedPublish(count: number, tls: boolean) {
  const connection = tls
    ? {
        ...servicePublisher(),
        url: env.MQTT_TLS_URL as string,
        ca: readFileSync(env.MQTT_CA_FILE as string),
        timeoutMs: 10_000,
      }
    : servicePublisher();
  const org = newOrgId();
  for (let i = 0; i < 20; i++)
    await publishOnce(orgEventsTopic(org), createEnvelope({ org, type: 'bench.warmup' }), connection);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const envelope = createEnvelope({ org, type: 'bench.publish', data: { i } });
    try {
      await publishOnce(orgEventsTopic(org), envelope, connection);
      latencies.push(performance.now() - t0);
    } catch {
      errors++;
    }
  }
  const total = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    transport: tls ? 'mqtts' : 'mqtt',
    publishes: count,
    errors,
    p50_ms: ms(percentile(latencies, 0.5)),
    p95_ms: ms(percentile(latencies, 0.95)),
    p99_ms: ms(percentile(latencies, 0.99)),
    max_ms: ms(latencies[latencies.length - 1] ?? 0),
    publishes_per_s: Math.round((count / total) * 1000),
  };
}

async function fanOut(orgCount: number, perOrg: number, messages: number) {
  const { broker } = stackBroker(10_000);
  const subscribers: {
    org: string;
    sessionId: string;
    client: mqtt.MqttClient;
    got: number;
    foreign: number;
  }[] = [];
  const orgs: string[] = [];
  for (let o = 0; o < orgCount; o++) {
    const org = await testOrg();
    orgs.push(org.orgId);
    for (let s = 0; s < perOrg; s++) {
      const session = await testSession(org);
      const identity = {
        kind: 'user' as const,
        orgId: org.orgId,
        role: 'observer' as const,
        permissions: ['realtime:subscribe'],
      };
      const issued = await broker.upsertSessionClient(session, identity);
      const client = await mqtt.connectAsync(env.MQTT_URL as string, {
        clientId: issued.clientId,
        username: issued.username,
        password: issued.password,
        protocolVersion: 5,
        reconnectPeriod: 0,
      });
      await client.subscribeAsync(orgEventsTopic(org.orgId), { qos: 1 });
      const sub = { org: org.orgId, sessionId: session.sessionId, client, got: 0, foreign: 0 };
      client.on('message', (topic, payload) => {
        const env = JSON.parse(payload.toString()) as { org: string };
        if (topic === orgEventsTopic(sub.org) && env.org === sub.org) sub.got++;
        else sub.foreign++;
      });
      subscribers.push(sub);
    }
  }
  const service = servicePublisher();
  const publisher = await mqtt.connectAsync(service.url, {
    username: service.username,
    password: service.password,
    protocolVersion: 5,
    reconnectPeriod: 0,
  });
  const expected = orgCount * perOrg * messages;
  const done = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (subscribers.reduce((n, s) => n + s.got + s.foreign, 0) >= expected) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const started = performance.now();
  const inflight: Promise<unknown>[] = [];
  for (let m = 0; m < messages; m++) {
    for (const org of orgs) {
      const envelope = createEnvelope({ org, type: 'bench.fanout', data: { m } });
      inflight.push(publisher.publishAsync(orgEventsTopic(org), JSON.stringify(envelope), { qos: 1 }));
    }
  }
  await Promise.all(inflight);
  const acked = performance.now() - started;
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
  const elapsed = performance.now() - started;
  const delivered = subscribers.reduce((n, s) => n + s.got, 0);
  const foreign = subscribers.reduce((n, s) => n + s.foreign, 0);
  const exact = subscribers.every((s) => s.got === messages && s.foreign === 0);
  await publisher.endAsync();
  for (const s of subscribers) {
    await s.client.endAsync(true);
    await broker.deleteSessionClient(s.sessionId);
  }
  await broker.close();
  return {
    orgs: orgCount,
    subscribers_per_org: perOrg,
    messages_per_org: messages,
    published: messages * orgCount,
    publish_acked_ms: Math.round(acked),
    deliveries: delivered,
    expected_deliveries: expected,
    elapsed_ms: Math.round(elapsed),
    deliveries_per_s: Math.round((delivered / elapsed) * 1000),
    isolation: exact
      ? 'ok: every subscriber got exactly its org’s messages, none foreign'
      : `FAILED (foreign=${foreign})`,
  };
}

console.log(JSON.stringify({ machine: { cpus: cpus().length, load: loadavg().map((l) => ms(l)) } }));
console.log(
  JSON.stringify({
    bench: 'short-lived publish',
    ...(await shortLivedPublish(Number(values.publishes), false)),
  }),
);
if (values.tls)
  console.log(
    JSON.stringify({
      bench: 'short-lived publish',
      ...(await shortLivedPublish(Number(values.publishes), true)),
    }),
  );
console.log(
  JSON.stringify({
    bench: 'org fan-out',
    ...(await fanOut(Number(values.orgs), Number(values.subscribers), Number(values.messages))),
  }),
);
await closeTestPool();
process.exit(0);
