import { EventEmitter } from 'node:events';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { createEnvelope, decodeEnvelope, type Envelope } from './envelope.ts';
import type { QoS } from './qos.ts';
import { orgEventsTopic } from './topics.ts';

export interface SubscriberCredentials {
  username: string;
  password: string;
}

export interface SubscriberOptions {
  url: string;
  clientId: string;
  credentials: SubscriberCredentials;
  /** Called when the broker refuses the credentials (revoked, rotated): fresh ones, or undefined to give up. */
  refreshCredentials?: () => Promise<SubscriberCredentials | undefined>;
  orgId: string;
  subscriptions: { filter: string; qos?: QoS }[];
  /** MQTT 5 session expiry: how long the broker keeps subscriptions and queued QoS 1 messages while offline. */
  sessionExpirySeconds?: number;
  /**
   * Publish a `presence.offline` will on `org/{org}/events`. Default true. Without publish rights there
   * (observers) the broker accepts the connection and drops the will (verified on Mosquitto 2.0.11).
   */
  presence?: boolean;
  backoff?: { initialMs?: number; maxMs?: number };
  ca?: Buffer;
  onMessage: (envelope: Envelope, topic: string) => void;
}

export interface Subscriber extends EventEmitter {
  readonly client: MqttClient;
  /** Resolves on the first successful connection (subscriptions in place). */
  readonly ready: Promise<void>;
  /** Messages dropped because they were not valid envelopes for their topic. */
  readonly invalid: number;
  close(): Promise<void>;
}

/** Backoff delay for reconnect attempt `n` (1-based): doubling from `initialMs` to `maxMs`, ±20 % jitter. */
export function backoffDelay(n: number, initialMs = 250, maxMs = 10_000): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, n - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * A long-lived subscriber for services, tests and later SDKs: MQTT 5 persistent session (`clean: false`
 * + session expiry) so QoS 1 messages wait for it while offline; reconnects by itself with exponential
 * backoff after any drop, broker restarts included; re-subscribes whenever the broker lost the session;
 * announces its disappearance with a last will on `org/{org}/events`; validates every envelope and drops
 * invalid ones. Emits `connect`, `offline`, `unauthorized` (gave up), and `error` only when listened to.
 *
 * The will fires when the connection is lost (network, crash, keepalive). It does not fire when the
 * platform deletes the session's broker client: Mosquitto checks the will against the client's ACL, and
 * the client is gone — the revocation is audited instead.
 *
 * @example
 * const sub = createSubscriber({ url, clientId, credentials, orgId, subscriptions: [{ filter: topic }],
 *   onMessage: (envelope) => console.log(envelope.type) });
 * await sub.ready;
 */
export function createSubscriber(options: SubscriberOptions): Subscriber {
  const events = new EventEmitter() as Subscriber & EventEmitter;
  let credentials = options.credentials;
  let attempt = 0;
  let closing = false;
  let timer: NodeJS.Timeout | undefined;
  let invalid = 0;
  // Transient errors are expected (the broker restarts); only report them to someone who listens.
  const report = (error: unknown) => {
    if (events.listenerCount('error') > 0) events.emit('error', error);
  };

  const will =
    options.presence === false
      ? undefined
      : {
          topic: orgEventsTopic(options.orgId),
          payload: Buffer.from(
            JSON.stringify(
              createEnvelope({
                org: options.orgId,
                type: 'presence.offline',
                data: { client_id: options.clientId },
              }),
            ),
          ),
          qos: 1 as const,
          retain: false,
        };
  const clientOptions: IClientOptions = {
    clientId: options.clientId,
    ...credentials,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 3_600 },
    reconnectPeriod: 0, // our own backoff below
    resubscribe: false, // our own resubscribe below, driven by sessionPresent
    connectTimeout: 10_000,
    ...(will ? { will } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
  };
  const client = mqtt.connect(options.url, clientOptions);

  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  client.on('connect', async (connack) => {
    attempt = 0;
    try {
      if (!connack.sessionPresent) {
        for (const s of options.subscriptions) await client.subscribeAsync(s.filter, { qos: s.qos ?? 1 });
      }
      resolveReady();
      events.emit('connect', connack);
    } catch (error) {
      report(error);
    }
  });
  client.on('message', (topic, payload) => {
    const envelope = decodeEnvelope(topic, payload);
    if (envelope) options.onMessage(envelope, topic);
    else invalid++;
  });
  let refreshing: Promise<void> | undefined;
  const refresh = async (error: unknown) => {
    const fresh = options.refreshCredentials
      ? await options.refreshCredentials().catch(() => undefined)
      : undefined;
    if (!fresh) {
      closing = true;
      events.emit('unauthorized', error);
      return;
    }
    credentials = fresh;
    Object.assign(client.options, fresh);
  };
  client.on('error', (error) => {
    const code = (error as { code?: number }).code;
    // 134 bad user name or password, 135 not authorized (revoked, expired or rotated credentials).
    if (code === 134 || code === 135) {
      refreshing ??= refresh(error).finally(() => {
        refreshing = undefined;
      });
    } else {
      report(error);
    }
  });
  client.on('close', () => {
    if (closing) return;
    events.emit('offline');
    attempt++;
    clearTimeout(timer);
    timer = setTimeout(
      async () => {
        await refreshing; // never retry with credentials we already know are refused
        if (!closing) client.reconnect();
      },
      backoffDelay(attempt, options.backoff?.initialMs, options.backoff?.maxMs),
    );
  });

  // defineProperty, not Object.assign: assign would copy the getter's value once (always 0).
  Object.defineProperty(events, 'invalid', { get: () => invalid, enumerable: true });
  return Object.assign(events, {
    client,
    ready,
    async close() {
      closing = true;
      clearTimeout(timer);
      // A normal DISCONNECT (reason 0) does not fire the will: leaving on purpose is not "offline".
      await client.endAsync();
    },
  });
}
