import type { TopicPolicy } from '../policy.ts';

export interface DynsecAcl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribePattern';
  topic: string;
  allow: boolean;
  priority?: number;
}

/**
 * The dynsec ACLs of a topic policy. Subscribe patterns become `subscribePattern` (Mosquitto matches a
 * requested filter, wildcards included, against the pattern) plus an explicit `publishClientReceive`, so
 * delivery does not depend on the broker's `defaultACLAccess`; publish patterns become `publishClientSend`.
 * A last, lowest-priority `publishClientReceive #` deny stops delivery on any subscription the policy no
 * longer covers (a persistent session keeps its subscriptions across a policy change; Mosquitto does not
 * re-check them). Subscribing and publishing outside the policy fall to the default deny.
 */
export function aclsFor(policy: TopicPolicy): DynsecAcl[] {
  return [
    { acltype: 'publishClientReceive', topic: '#', allow: false, priority: -1 },
    ...policy.subscribe.flatMap((topic) => [
      { acltype: 'subscribePattern' as const, topic, allow: true },
      { acltype: 'publishClientReceive' as const, topic, allow: true },
    ]),
    ...policy.publish.map((topic) => ({ acltype: 'publishClientSend' as const, topic, allow: true })),
  ];
}

/** Order-independent identity of an ACL list (to tell whether a role is already as wanted). */
export function aclKey(acls: readonly DynsecAcl[]): string {
  return acls
    .map((a) => `${a.acltype}|${a.allow ? 1 : 0}|${a.priority ?? 0}|${a.topic}`)
    .sort()
    .join('\n');
}
