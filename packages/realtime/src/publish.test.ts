import { randomUUID } from 'node:crypto';
import { useEnv } from '@scip/config';
import { withActor } from '@scip/context';
import { withTransaction } from '@scip/db';
import { Jobs } from '@scip/kv';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope } from './envelope.ts';
import { SUBSCRIBE_PERMISSION } from './policy.ts';
import { afterCommitPublish, publish } from './publish.ts';
import { publishOnce, servicePublisher } from './publisher.ts';
import { collect, connect, eventually, newOrgId, stackBroker, subscribeCodes } from './test-support/mqtt.ts';
import { closeTestPool, liveSession } from './test-support/sessions.ts';
import { controlTopic, orgEventsTopic } from './topics.ts';

const { broker } = stackBroker();
let orgId = '';
let sessionId = '';
let subscriber: MqttClient;
let seen: { topic: string; payload: string }[];

beforeAll(async () => {
  const session = await liveSession();
  orgId = session.orgId;
  sessionId = session.sessionId;
  const issued = await broker.upsertSessionClient(session, {
    kind: 'user',
    orgId,
    role: 'observer',
    permissions: [SUBSCRIBE_PERMISSION],
  });
  subscriber = await connect({
    clientId: issued.clientId,
    username: issued.username,
    password: issued.password,
  });
  seen = collect(subscriber);
  expect(await subscribeCodes(subscriber, `org/${orgId}/#`)).toEqual([135]);
  expect(await subscribeCodes(subscriber, orgEventsTopic(orgId))).toEqual([1]);
});
afterAll(async () => {
  await subscriber.endAsync(true);
  await broker.deleteSessionClient(sessionId);
  await broker.close();
  await closeTestPool();
});

const event = (type: string) => createEnvelope({ org: orgId, type, data: { n: randomUUID() } });

describe('short-lived publisher', () => {
  it('connects, publishes QoS 1, gets the PUBACK and the subscriber receives the envelope', async () => {
    const envelope = event('test.published');
    await publishOnce(orgEventsTopic(orgId), envelope);
    await eventually('delivery', () => seen.some((m) => m.payload === JSON.stringify(envelope)));
  });

  it('refuses a topic outside the platform scheme or an envelope of another org (422, nothing sent)', async () => {
    await expect(publishOnce('$SYS/x', event('a.b'))).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(publishOnce(orgEventsTopic(newOrgId()), event('a.b'))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('fails with dependency_unavailable within its timeout when the broker is unreachable', async () => {
    const down = { ...servicePublisher(), url: 'mqtt://127.0.0.1:1', timeoutMs: 300 };
    await expect(publishOnce(orgEventsTopic(orgId), event('a.b'), down)).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
  });

  it('fails with dependency_unavailable when the broker refuses the credentials', async () => {
    const wrong = { ...servicePublisher(), password: 'not-the-password' };
    await expect(publishOnce(orgEventsTopic(orgId), event('a.b'), wrong)).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
  });
});

describe('publish with retries', () => {
  it('hands the message to the job queue after the retries fail', async () => {
    const down = { ...servicePublisher(), url: 'mqtt://127.0.0.1:1', timeoutMs: 200 };
    const outcome = await publish(controlTopic(orgId, 'ex'), event('exercise.paused'), {
      attempts: 2,
      backoffMs: 10,
      connection: down,
    });
    expect(outcome.delivered).toBe(false);
    if (outcome.delivered) return;
    const job = await Jobs.status(outcome.jobId);
    expect(job).toMatchObject({ type: 'realtime.publish', status: 'queued' });
    expect(job?.payload).toMatchObject({ topic: controlTopic(orgId, 'ex') });
  });
});

describe('afterCommitPublish', () => {
  const system = { type: 'system' as const, reason: 'test' };

  it('publishes after COMMIT', async () => {
    const envelope = event('test.committed');
    await withActor(system, () =>
      withTransaction(async (tx) => {
        await tx`select 1`;
        afterCommitPublish(orgEventsTopic(orgId), envelope);
      }),
    );
    await eventually('delivery after commit', () => seen.some((m) => m.payload === JSON.stringify(envelope)));
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const rolledBack = event('test.rolled_back');
    const marker = event('test.marker');
    await expect(
      withActor(system, () =>
        withTransaction(async () => {
          afterCommitPublish(orgEventsTopic(orgId), rolledBack);
          throw new Error('boom');
        }),
      ),
    ).rejects.toThrow('boom');
    // The marker is published after the rolled-back attempt; once it is in, the other would be too.
    await publishOnce(orgEventsTopic(orgId), marker);
    await eventually('marker', () => seen.some((m) => m.payload === JSON.stringify(marker)));
    expect(seen.some((m) => m.payload === JSON.stringify(rolledBack))).toBe(false);
  });

  it('rejects an invalid message inside the transaction, so the transaction fails too', async () => {
    await expect(
      withActor(system, () =>
        withTransaction(async () => afterCommitPublish(orgEventsTopic(orgId), { bad: true } as never)),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('uses the configured service identity', () => {
    expect(servicePublisher().username).toBe(useEnv().MQTT_SERVICE_USERNAME);
  });
});
