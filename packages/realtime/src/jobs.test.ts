import { randomUUID } from 'node:crypto';
import { createJobQueue } from '@scip/kv';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnvelope } from './envelope.ts';
import { registerRealtimeJobs } from './jobs.ts';
import { SUBSCRIBE_PERMISSION } from './policy.ts';
import { PUBLISH_JOB } from './publish.ts';
import { REVOKE_JOB } from './revocation.ts';
import {
  collect,
  connect,
  dropped,
  eventually,
  refusal,
  stackBroker,
  subscribeCodes,
} from './test-support/mqtt.ts';
import { closeTestPool, liveSession } from './test-support/sessions.ts';
import { orgEventsTopic } from './topics.ts';
import { closeBroker } from './use-broker.ts';

const { broker } = stackBroker();
afterAll(async () => {
  await broker.close();
  await closeBroker();
  await closeTestPool();
});

// A queue of its own, so no other runner drains these jobs.
const queue = createJobQueue({ name: `test-realtime-${randomUUID()}` });
registerRealtimeJobs(queue);

describe('realtime jobs', () => {
  it('a queued publish is delivered when the job runs', async () => {
    const session = await liveSession();
    const identity = {
      kind: 'user' as const,
      orgId: session.orgId,
      role: 'observer' as const,
      permissions: [SUBSCRIBE_PERMISSION],
    };
    const issued = await broker.upsertSessionClient(session, identity);
    const client = await connect(issued);
    const seen = collect(client);
    expect(await subscribeCodes(client, orgEventsTopic(session.orgId))).toEqual([1]);
    const envelope = createEnvelope({ org: session.orgId, type: 'test.queued', data: {} });
    await queue.enqueue(PUBLISH_JOB, { topic: orgEventsTopic(session.orgId), envelope });
    expect(await queue.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    await eventually('queued delivery', () => seen.some((m) => m.payload === JSON.stringify(envelope)));
    await client.endAsync();
    await broker.deleteSessionClient(session.sessionId);
  });

  it('a queued revocation drops the live connection when the job runs', async () => {
    const session = await liveSession();
    const identity = {
      kind: 'user' as const,
      orgId: session.orgId,
      role: 'observer' as const,
      permissions: [SUBSCRIBE_PERMISSION],
    };
    const issued = await broker.upsertSessionClient(session, identity);
    const client = await connect(issued);
    const gone = dropped(client);
    await queue.enqueue(REVOKE_JOB, { sessionId: session.sessionId });
    expect(await queue.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await gone).toBe(152);
    expect(await refusal(issued)).toBe(135);
  });
});
