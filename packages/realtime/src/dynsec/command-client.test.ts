import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateBroker, startPrivateBroker } from '../test-support/private-broker.ts';
import { DynsecCommandClient } from './command-client.ts';

let mqtt: PrivateBroker;
beforeAll(async () => {
  mqtt = await startPrivateBroker();
});
afterAll(() => mqtt.stop());

describe('dynsec admin connection (private broker)', () => {
  it('answers commands, survives a broker restart by reconnecting, and fails bounded while the broker is down', async () => {
    const client = new DynsecCommandClient({ url: mqtt.url, ...mqtt.admin, timeoutMs: 3_000 });
    try {
      expect((await client.send({ command: 'getDefaultACLAccess' })).error).toBeUndefined();

      await mqtt.restart();
      // The same client object reconnects by itself; the command waits for it within its bound.
      expect((await client.send({ command: 'listRoles' })).error).toBeUndefined();

      await mqtt.down();
      const bounded = new DynsecCommandClient({ url: mqtt.url, ...mqtt.admin, timeoutMs: 300 });
      await expect(bounded.send({ command: 'listRoles' })).rejects.toMatchObject({
        code: 'dependency_unavailable',
      });
      await expect(client.send({ command: 'listRoles' })).rejects.toMatchObject({
        code: 'dependency_unavailable',
      });
      await bounded.close();
      await mqtt.up();
      expect((await client.send({ command: 'listRoles' })).error).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('reports broker-side refusals as dependency_unavailable via run()', async () => {
    const client = new DynsecCommandClient({ url: mqtt.url, ...mqtt.admin, timeoutMs: 3_000 });
    try {
      await expect(client.run({ command: 'getRole', rolename: 'no-such-role' })).rejects.toMatchObject({
        code: 'dependency_unavailable',
        status: 503,
      });
    } finally {
      await client.close();
    }
  });
});
