/**
 * @scip/realtime — organization-isolated MQTT.
 *
 * - topics, topic filters, THE topic policy, envelope, QoS table (pure)
 * - broker adapters: Mosquitto dynamic security (`useBroker()`), AWS IoT Core (authorizer + policy documents)
 * - credentials for a session, revocation handlers (`@scip/realtime/revocation`), expiry sweep, connection audit
 * - short-lived publisher (`publish`, `afterCommitPublish`) and the long-lived subscriber SDK
 */
export { runConnectionAudit } from './audit/connection-audit.ts';
export type { IssuedClient, RealtimeBroker } from './broker.ts';
export { issueCredentials, RealtimeCredentials } from './credentials.ts';
export {
  assertEnvelopeForTopic,
  createEnvelope,
  decodeEnvelope,
  ENVELOPE_VERSION,
  Envelope,
} from './envelope.ts';
export { authorizeIotConnect } from './iot/authorize.ts';
export { iotPolicyDocuments } from './iot/policy-documents.ts';
export {
  CONTROL_PUBLISH_PERMISSION,
  canPublish,
  canSubscribe,
  PUBLISH_PERMISSION,
  SUBSCRIBE_PERMISSION,
  type TopicIdentity,
  type TopicPolicy,
  topicPolicy,
} from './policy.ts';
export { afterCommitPublish, type PublishOutcome, publish } from './publish.ts';
export { publishOnce, servicePublisher } from './publisher.ts';
export { type QoS, qosFor } from './qos.ts';
export { createSubscriber, type Subscriber, type SubscriberOptions } from './subscriber.ts';
export { runSweep } from './sweep.ts';
export { filterWithin, topicMatches } from './topic-filter.ts';
export * from './topics.ts';
export { closeBroker, setBroker, useBroker } from './use-broker.ts';
