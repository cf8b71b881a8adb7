import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import type { ReadyCheck } from './check.ts';

export interface MqttCheckOptions {
  url: string;
  username?: string;
  password?: string;
  /** CA bundle for mqtts:// with a private CA. */
  caFile?: string;
  timeoutMs: number;
}

/** Connects as the platform's service identity and waits for CONNACK, then disconnects. */
export function mqttCheck(options: MqttCheckOptions): ReadyCheck {
  const ca = options.caFile ? readFileSync(options.caFile) : undefined;
  return {
    name: 'mqtt',
    required: true,
    async run() {
      const client = await mqtt.connectAsync(
        options.url,
        {
          clientId: `scip-ready-${randomUUID()}`,
          username: options.username,
          password: options.password,
          connectTimeout: options.timeoutMs,
          reconnectPeriod: 0,
          clean: true,
          ...(ca && { ca }),
        },
        false,
      );
      await client.endAsync(true);
      return undefined;
    },
  };
}
