import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { ReadyCheck } from './check.ts';

export interface MqttCheckOptions {
  url: string;
  username?: string;
  password?: string;
  /** CA bundle for mqtts:// with a private CA. */
  caFile?: string;
  timeoutMs: number;
}

/**
 * Connects as the platform's service identity and waits for CONNACK, then disconnects. The client's own
 * connect timeout is left longer than the check's, so a silent broker is reported as `timeout` by the
 * runner, which then cancels (ends) the pending client.
 */
export function mqttCheck(options: MqttCheckOptions): ReadyCheck {
  const ca = options.caFile ? readFileSync(options.caFile) : undefined;
  const pending = new Set<MqttClient>();
  return {
    name: 'mqtt',
    required: true,
    async run() {
      const client = mqtt.connect(options.url, {
        clientId: `scip-ready-${randomUUID()}`,
        username: options.username,
        password: options.password,
        connectTimeout: options.timeoutMs * 2,
        reconnectPeriod: 0,
        clean: true,
        ...(ca && { ca }),
      });
      pending.add(client);
      try {
        await new Promise<void>((resolve, reject) => {
          client.once('connect', () => resolve());
          client.once('error', reject);
          client.once('close', () => reject(new Error('connection closed before CONNACK')));
        });
      } finally {
        pending.delete(client);
        client.end(true);
      }
      return undefined;
    },
    cancel() {
      for (const client of pending) client.end(true);
      pending.clear();
    },
  };
}
