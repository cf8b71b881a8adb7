import { readFileSync } from 'node:fs';
import { useEnv } from '@scip/config';
import { AppError } from '@scip/errors';
import type { RealtimeBroker } from './broker.ts';
import { DynsecCommandClient } from './dynsec/command-client.ts';
import { mosquittoBroker } from './dynsec/mosquitto-broker.ts';
import { iotCoreBroker } from './iot/iot-core-broker.ts';

let broker: RealtimeBroker | undefined;

/** The CA bundle for `mqtts://` URLs (MQTT_CA_FILE), read once. */
export function brokerCa(): Buffer | undefined {
  const file = useEnv().MQTT_CA_FILE;
  return file ? readFileSync(file) : undefined;
}

/**
 * The broker adapter chosen by MQTT_BROKER, created on first use and kept for the life of the process
 * (a warm Lambda reuses its admin connection).
 */
export function useBroker(): RealtimeBroker {
  if (broker) return broker;
  const env = useEnv();
  if (env.MQTT_BROKER === 'iot-core') {
    broker = iotCoreBroker();
    return broker;
  }
  if (!env.MQTT_ADMIN_USERNAME || !env.MQTT_ADMIN_PASSWORD) {
    throw new AppError('dependency_unavailable', 'MQTT_ADMIN_USERNAME/PASSWORD are not configured');
  }
  const ca = env.MQTT_URL.startsWith('mqtts') ? brokerCa() : undefined;
  const dynsec = new DynsecCommandClient({
    url: env.MQTT_URL,
    username: env.MQTT_ADMIN_USERNAME,
    password: env.MQTT_ADMIN_PASSWORD,
    timeoutMs: env.MQTT_COMMAND_TIMEOUT_MS,
    ...(ca ? { ca } : {}),
  });
  broker = mosquittoBroker(dynsec);
  return broker;
}

/** Replaces the process broker (tests pointing at a private broker); returns the previous one. */
export function setBroker(next: RealtimeBroker | undefined): RealtimeBroker | undefined {
  const previous = broker;
  broker = next;
  return previous;
}

export async function closeBroker(): Promise<void> {
  const current = broker;
  broker = undefined;
  await current?.close();
}
