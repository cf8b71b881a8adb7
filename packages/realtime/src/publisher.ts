import { randomUUID } from 'node:crypto';
import { useEnv } from '@scip/config';
import { AppError } from '@scip/errors';
import mqtt, { type MqttClient } from 'mqtt';
import { assertEnvelopeForTopic, type Envelope } from './envelope.ts';
import { canPublish, topicPolicy } from './policy.ts';
import { brokerCa } from './use-broker.ts';

export interface PublisherConnection {
  url: string;
  username: string;
  password: string;
  /** Bound on connect + publish + PUBACK. */
  timeoutMs: number;
  ca?: Buffer;
}

/** The platform publisher identity from the environment (MQTT_SERVICE_USERNAME/PASSWORD). */
export function servicePublisher(): PublisherConnection {
  const env = useEnv();
  if (!env.MQTT_SERVICE_USERNAME || !env.MQTT_SERVICE_PASSWORD) {
    throw new AppError('dependency_unavailable', 'MQTT_SERVICE_USERNAME/PASSWORD are not configured');
  }
  const ca = env.MQTT_URL.startsWith('mqtts') ? brokerCa() : undefined;
  return {
    url: env.MQTT_URL,
    username: env.MQTT_SERVICE_USERNAME,
    password: env.MQTT_SERVICE_PASSWORD,
    timeoutMs: env.MQTT_COMMAND_TIMEOUT_MS,
    ...(ca ? { ca } : {}),
  };
}

const SERVICE_POLICY = topicPolicy({ kind: 'service' });

/** Validates what the service may publish, before any network work (bad input is a 422, not a retry). */
export function assertPublishable(topic: string, envelope: unknown): Envelope {
  if (!canPublish(SERVICE_POLICY, topic)) {
    throw new AppError('validation_failed', `Topic ${JSON.stringify(topic)} is not a platform topic`, {
      extra: { errors: [{ path: 'topic', message: 'not a topic the platform publishes on' }] },
    });
  }
  return assertEnvelopeForTopic(topic, envelope);
}

/**
 * Short-lived publish, fit for a Lambda: connect as the service identity, publish QoS 1, wait for the
 * PUBACK, disconnect — all within `timeoutMs`. A refusal (PUBACK ≥ 0x80), a timeout or a network error
 * rejects with AppError('dependency_unavailable'); the connection is always torn down.
 *
 * @example
 * await publishOnce(orgEventsTopic(orgId), createEnvelope({ org: orgId, type: 'user.created', data }));
 */
export async function publishOnce(
  topic: string,
  envelope: Envelope,
  connection: PublisherConnection = servicePublisher(),
): Promise<void> {
  const payload = JSON.stringify(assertPublishable(topic, envelope));
  let client: MqttClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AppError(
            'dependency_unavailable',
            `Publish not acknowledged within ${connection.timeoutMs} ms`,
          ),
        ),
      connection.timeoutMs,
    );
  });
  const work = async () => {
    client = mqtt.connect(connection.url, {
      username: connection.username,
      password: connection.password,
      clientId: `scip-pub-${randomUUID()}`,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: connection.timeoutMs,
      ...(connection.ca ? { ca: connection.ca } : {}),
    });
    // A drop at any point (e.g. the broker kicks the identity) fails at once instead of at the timeout:
    // the caller's retry then starts right away.
    const closed = new Promise<never>((_, reject) => {
      client?.once('error', reject);
      client?.once('close', () => reject(new Error('connection closed before the PUBACK')));
    });
    closed.catch(() => {});
    await Promise.race([new Promise<void>((resolve) => client?.once('connect', () => resolve())), closed]);
    const ack = (await Promise.race([client.publishAsync(topic, payload, { qos: 1 }), closed])) as
      | { reasonCode?: number }
      | undefined;
    if ((ack?.reasonCode ?? 0) >= 0x80) throw new Error(`PUBACK reason ${ack?.reasonCode}`);
  };
  try {
    await Promise.race([work(), timeout]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('dependency_unavailable', 'The broker did not accept the message', { cause: error });
  } finally {
    clearTimeout(timer);
    // end(true) does not wait for anything: the PUBACK is in, or we gave up.
    (client as MqttClient | undefined)?.end(true);
  }
}
