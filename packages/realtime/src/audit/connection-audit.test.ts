import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { withActor } from '@scip/context';
import { Audit } from '@scip/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynsecCommandClient } from '../dynsec/command-client.ts';
import { mosquittoBroker } from '../dynsec/mosquitto-broker.ts';
import { SUBSCRIBE_PERMISSION } from '../policy.ts';
import { connect, dropped, refusal } from '../test-support/mqtt.ts';
import { type PrivateBroker, startPrivateBroker } from '../test-support/private-broker.ts';
import { closeTestPool, liveSession, type TestSession } from '../test-support/sessions.ts';
import { runConnectionAudit } from './connection-audit.ts';

let mqtt: PrivateBroker;
let dynsec: DynsecCommandClient;
beforeAll(async () => {
  mqtt = await startPrivateBroker();
  dynsec = new DynsecCommandClient({ url: mqtt.url, ...mqtt.admin, timeoutMs: 3_000 });
});
afterAll(async () => {
  await dynsec.close();
  await mqtt.stop();
  await closeTestPool();
});

const entriesOf = (session: TestSession) =>
  withActor({ type: 'system', reason: 'test', orgId: session.orgId }, () => Audit.list({ limit: 50 }));

describe('connection audit from the Mosquitto log', () => {
  it('records connects, disconnects and kicks in the session’s organization, and counts refused CONNECTs', async () => {
    const broker = mosquittoBroker(dynsec);
    const session = await liveSession();
    const identity = {
      kind: 'user' as const,
      orgId: session.orgId,
      role: 'observer' as const,
      permissions: [SUBSCRIBE_PERMISSION],
    };
    const issued = await broker.upsertSessionClient(session, identity);
    const creds = {
      url: mqtt.url,
      clientId: issued.clientId,
      username: issued.username,
      password: issued.password,
    };
    const cursorKey = `test:connection-audit:${randomUUID()}`;
    const file = join(mqtt.dir, 'mosquitto.log');

    await (await connect(creds)).endAsync(); // connected + disconnected
    const second = await connect(creds);
    const gone = dropped(second);
    await broker.deleteSessionClient(session.sessionId); // kicked
    await gone;
    expect(await refusal(creds)).toBe(135); // auth failure

    // Mosquitto writes its log asynchronously: run until the last event is in (bounded).
    let total = { recorded: 0, authFailures: 0 };
    for (let i = 0; i < 50 && (total.recorded < 4 || total.authFailures < 1); i++) {
      const r = await runConnectionAudit({ file, cursorKey });
      total = { recorded: total.recorded + r.recorded, authFailures: total.authFailures + r.authFailures };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(total).toEqual({ recorded: 4, authFailures: 1 }); // 2 connects, 1 disconnect, 1 kick
    const types = (await entriesOf(session)).map((e) => e.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'realtime.connection.connected',
        'realtime.connection.disconnected',
        'realtime.connection.kicked',
      ]),
    );
    const connected = (await entriesOf(session)).find(
      (e) => e.event_type === 'realtime.connection.connected',
    );
    expect(connected?.details).toMatchObject({
      client_id: issued.clientId,
      username: issued.username,
      user_id: session.userId,
      session_id: session.sessionId,
    });

    // The cursor moved past everything: a rerun records nothing twice.
    expect(await runConnectionAudit({ file, cursorKey })).toMatchObject({ recorded: 0, authFailures: 0 });
  });

  it('does nothing without a log file', async () => {
    expect(await runConnectionAudit({ file: '', cursorKey: `test:${randomUUID()}` })).toMatchObject({
      recorded: 0,
      skipped: expect.any(String),
    });
  });
});
