import { randomUUID } from 'node:crypto';
import { AppError } from '@scip/errors';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

const REQUEST_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = '$CONTROL/dynamic-security/v1/response';

export interface DynsecCommand {
  command: string;
  [key: string]: unknown;
}

export interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
  correlationData?: string;
}

export interface DynsecConnection {
  url: string;
  username: string;
  password: string;
  /** Bound on connecting plus answering, per command batch. */
  timeoutMs: number;
  ca?: Buffer;
}

interface Pending {
  resolve: (r: DynsecResponse) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const unavailable = (message: string, cause?: unknown) =>
  new AppError('dependency_unavailable', message, cause === undefined ? {} : { cause });

/** A broker-side refusal of an admin command, as the 503 it is for our callers. */
export function brokerRefused(response: DynsecResponse): AppError {
  return unavailable(`Broker refused ${response.command}: ${response.error}`);
}

/**
 * The backend's admin connection to Mosquitto's dynamic-security plugin: JSON commands on
 * `$CONTROL/dynamic-security/v1`, answers on `…/response`, matched by `correlationData`. The connection
 * is opened lazily, reconnects by itself, and every command is bounded by `timeoutMs`: a broker that is
 * down or slow surfaces as AppError('dependency_unavailable') (503), never as a silent success.
 */
export class DynsecCommandClient {
  readonly #options: DynsecConnection;
  readonly #pending = new Map<string, Pending>();
  #client: MqttClient | undefined;
  /** Resolves once the current connection is subscribed to the responses; replaced on every drop. */
  #ready: Promise<void> | undefined;
  #markReady: () => void = () => {};
  #subscribed = false;

  constructor(options: DynsecConnection) {
    this.#options = options;
  }

  /** Sends one command and returns its response; a response with `error` is returned, not thrown. */
  async send(command: DynsecCommand): Promise<DynsecResponse> {
    const correlationData = randomUUID();
    const deadline = Date.now() + this.#options.timeoutMs;
    const client = await this.#connected(deadline);
    return new Promise<DynsecResponse>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.#pending.delete(correlationData);
          reject(
            unavailable(`Broker did not answer ${command.command} within ${this.#options.timeoutMs} ms`),
          );
        },
        Math.max(1, deadline - Date.now()),
      );
      this.#pending.set(correlationData, { resolve, reject, timer });
      const body = JSON.stringify({ commands: [{ ...command, correlationData }] });
      client.publish(REQUEST_TOPIC, body, { qos: 0 }, (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.#pending.delete(correlationData);
        reject(unavailable(`Could not send ${command.command} to the broker`, error));
      });
    });
  }

  /** Like `send`, but a broker-side error becomes AppError('dependency_unavailable'). */
  async run(command: DynsecCommand): Promise<Record<string, unknown> | undefined> {
    const response = await this.send(command);
    if (response.error) throw brokerRefused(response);
    return response.data;
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#ready = undefined;
    for (const [key, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(unavailable('Broker admin connection closed'));
      this.#pending.delete(key);
    }
    if (client) await client.endAsync(true);
  }

  async #connected(deadline: number): Promise<MqttClient> {
    if (!this.#client) this.#open();
    const client = this.#client as MqttClient;
    if (client.connected && this.#subscribed) return client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable(`Broker admin connection not up within ${this.#options.timeoutMs} ms`)),
        Math.max(1, deadline - Date.now()),
      );
    });
    try {
      await Promise.race([this.#ready, timeout]);
      return client;
    } finally {
      clearTimeout(timer);
    }
  }

  #open(): void {
    const { url, username, password, ca } = this.#options;
    const options: IClientOptions = {
      username,
      password,
      clientId: `scip-dynsec-${randomUUID()}`,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 500,
      resubscribe: false, // done below on every connect, before commands may flow
      connectTimeout: this.#options.timeoutMs,
      ...(ca ? { ca } : {}),
    };
    const client = mqtt.connect(url, options);
    this.#client = client;
    // "Ready" means "answers will reach us": subscribed on this very connection. A command sent in the
    // gap between a reconnect and its SUBACK would lose its answer.
    const arm = () => {
      this.#subscribed = false;
      this.#ready = new Promise<void>((resolve) => {
        this.#markReady = resolve;
      });
    };
    arm();
    client.on('connect', () => {
      client.subscribe(RESPONSE_TOPIC, { qos: 0 }, (error) => {
        if (error || this.#client !== client) return;
        this.#subscribed = true;
        this.#markReady();
      });
    });
    client.on('close', () => {
      if (this.#subscribed) arm();
    });
    client.on('error', () => {
      // Reconnects by itself; callers see the bounded timeout, not the raw error.
    });
    client.on('message', (topic, payload) => {
      if (topic !== RESPONSE_TOPIC) return;
      this.#dispatch(payload);
    });
  }

  #dispatch(payload: Buffer): void {
    let responses: DynsecResponse[] = [];
    try {
      responses = (JSON.parse(payload.toString()) as { responses?: DynsecResponse[] }).responses ?? [];
    } catch {
      return;
    }
    for (const response of responses) {
      const key = response.correlationData;
      const pending = key ? this.#pending.get(key) : undefined;
      if (!pending || !key) continue;
      clearTimeout(pending.timer);
      this.#pending.delete(key);
      pending.resolve(response);
    }
  }
}
