import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { useEnv } from '@scip/config';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { DynsecCommandClient } from '../dynsec/command-client.ts';
import { mosquittoBroker } from '../dynsec/mosquitto-broker.ts';

/** A fresh org-like id (uuid), so tests never share topics. */
export const newOrgId = () => randomUUID();

/** The shared stack's broker, through its own admin connection (closed by the caller). */
export function stackBroker(timeoutMs = 3_000) {
  const env = useEnv();
  const dynsec = new DynsecCommandClient({
    url: env.MQTT_URL,
    username: env.MQTT_ADMIN_USERNAME ?? '',
    password: env.MQTT_ADMIN_PASSWORD ?? '',
    timeoutMs,
  });
  return { dynsec, broker: mosquittoBroker(dynsec) };
}

/** Connects once (no automatic reconnect); rejects with the CONNACK error when refused. */
export function connect(options: IClientOptions & { url?: string }): Promise<MqttClient> {
  const { url = useEnv().MQTT_URL, ...rest } = options;
  return mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5_000, ...rest });
}

/** Resolves with the connect error's reason code (or message) when the broker refuses the connection. */
export async function refusal(options: IClientOptions & { url?: string }): Promise<number | string> {
  try {
    const client = await connect(options);
    await client.endAsync(true);
    return 'connected';
  } catch (error) {
    const e = error as { code?: number; message: string };
    return typeof e.code === 'number' ? e.code : e.message;
  }
}

/** The SUBACK reason codes for `filter` (0/1/2 granted, ≥ 0x80 refused). */
export async function subscribeCodes(client: MqttClient, filter: string, qos: 0 | 1 = 1): Promise<number[]> {
  try {
    return (await client.subscribeAsync(filter, { qos })).map((g) => g.qos);
  } catch (error) {
    return ((error as { packet?: { granted?: number[] } }).packet?.granted ?? [-1]) as number[];
  }
}

/** The PUBACK reason code of a QoS 1 publish (0 = accepted, 135 = not authorized). */
export async function publishCode(client: MqttClient, topic: string, payload: string): Promise<number> {
  try {
    const packet = (await client.publishAsync(topic, payload, { qos: 1 })) as
      | { reasonCode?: number }
      | undefined;
    return packet?.reasonCode ?? 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

/** Collects every message a client receives. */
export function collect(client: MqttClient): { topic: string; payload: string }[] {
  const seen: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
  return seen;
}

/** Resolves when `predicate` holds, polling; rejects after `timeoutMs` naming `what`. */
export async function eventually(what: string, predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves with the DISCONNECT reason code (or 'closed') when the broker drops `client`. */
export function dropped(client: MqttClient): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    client.once('disconnect', (packet) => resolve(packet.reasonCode ?? 0));
    client.once('close', () => resolve('closed'));
  });
}

export const caFile = () => readFileSync(useEnv().MQTT_CA_FILE ?? '');
