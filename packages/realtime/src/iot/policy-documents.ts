import type { TopicPolicy } from '../policy.ts';

/** An AWS IoT Core policy document. */
export interface IotPolicyDocument {
  Version: '2012-10-17';
  Statement: { Effect: 'Allow'; Action: string[]; Resource: string[] }[];
}

export interface IotPolicyOptions {
  /** `arn:aws:iot:{region}:{account}` (IOT_ARN_PREFIX). */
  arnPrefix: string;
  /** App/stage topic prefix (IOT_TOPIC_PREFIX), e.g. `scip/prod`; empty for none. */
  topicPrefix: string;
  /** The one client id the connection may use. */
  clientId: string;
}

/**
 * IoT policies treat MQTT `+`/`#` literally and use `*` as their own wildcard (matching any characters,
 * `/` included). Each MQTT wildcard level becomes `*`; the literal org level before it pins the
 * organization, so `*` can never reach another org's topics.
 */
function toIotPattern(mqttPattern: string): string {
  return mqttPattern
    .split('/')
    .map((level) => (level === '+' || level === '#' ? '*' : level))
    .join('/');
}

/**
 * The IoT Core rendering of a topic policy: connect as exactly `clientId`; subscribe (topicfilter ARNs)
 * and receive (topic ARNs) on the subscribe patterns; publish on the publish patterns — all under the
 * app/stage prefix. The same `topicPolicy` output drives the Mosquitto roles.
 *
 * @example
 * iotPolicyDocuments(topicPolicy(identity), { arnPrefix, topicPrefix: 'scip/prod', clientId })
 */
export function iotPolicyDocuments(policy: TopicPolicy, options: IotPolicyOptions): IotPolicyDocument[] {
  const prefix = options.topicPrefix.replace(/^\/+|\/+$/g, '');
  const path = (pattern: string) => (prefix ? `${prefix}/${toIotPattern(pattern)}` : toIotPattern(pattern));
  const arn = (kind: 'topic' | 'topicfilter' | 'client', resource: string) =>
    `${options.arnPrefix}:${kind}/${resource}`;
  const statements: IotPolicyDocument['Statement'] = [
    { Effect: 'Allow', Action: ['iot:Connect'], Resource: [arn('client', options.clientId)] },
  ];
  if (policy.subscribe.length > 0) {
    statements.push(
      {
        Effect: 'Allow',
        Action: ['iot:Subscribe'],
        Resource: policy.subscribe.map((p) => arn('topicfilter', path(p))),
      },
      {
        Effect: 'Allow',
        Action: ['iot:Receive'],
        Resource: policy.subscribe.map((p) => arn('topic', path(p))),
      },
    );
  }
  if (policy.publish.length > 0) {
    statements.push({
      Effect: 'Allow',
      Action: ['iot:Publish'],
      Resource: policy.publish.map((p) => arn('topic', path(p))),
    });
  }
  return [{ Version: '2012-10-17', Statement: statements }];
}
