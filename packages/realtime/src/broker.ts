import type { TopicIdentity } from './policy.ts';
import type { SessionClientInfo } from './session-client.ts';

export interface IssuedClient {
  clientId: string;
  username: string;
  password: string;
}

/**
 * What the platform needs from a broker, whatever it is. The Mosquitto adapter keeps one broker client
 * per session (dynamic security); the IoT Core adapter keeps none (the custom authorizer checks the token
 * on every connect), so its session operations are no-ops and its revocation latency is the authorizer's
 * refresh interval.
 */
export interface RealtimeBroker {
  readonly kind: 'mosquitto' | 'iot-core';
  /** Creates or corrects the roles of every policy profile of an organization. */
  ensureOrgRoles(orgId: string): Promise<void>;
  /** Deletes every role of an organization (organization removal; test clean-up). Idempotent. */
  removeOrgRoles(orgId: string): Promise<void>;
  /** Creates or refreshes the session's client with a fresh password; drops its live connection. */
  upsertSessionClient(
    info: SessionClientInfo,
    identity: Extract<TopicIdentity, { kind: 'user' }>,
  ): Promise<IssuedClient>;
  /** Deletes the session's client, which drops its live connection at once. Idempotent. */
  deleteSessionClient(sessionId: string): Promise<void>;
  /** Every session client the broker holds. */
  listSessionClients(): Promise<SessionClientInfo[]>;
  close(): Promise<void>;
}
