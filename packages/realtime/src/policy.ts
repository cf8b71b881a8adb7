import type { Role } from '@scip/context';
import { filterWithin, isValidTopicName, topicMatches } from './topic-filter.ts';
import { HEALTH_TOPIC, isTopicId } from './topics.ts';

/** Permission that lets a non-admin publish exercise control messages. */
export const CONTROL_PUBLISH_PERMISSION = 'exercise:control:publish';
/** Permission that lets a non-admin publish into team feeds. */
export const FEEDS_PUBLISH_PERMISSION = 'exercise:feeds:publish';

/** Who is asking for topic access. `service` is the platform's own publisher identity. */
export type TopicIdentity =
  | { kind: 'user'; orgId: string; role: Role; permissions: readonly string[] }
  | { kind: 'service' };

/** MQTT filters an identity may subscribe to and publish on. */
export interface TopicPolicy {
  subscribe: string[];
  publish: string[];
}

/**
 * THE topic policy: the one pure function every broker adapter derives its ACLs from (Mosquitto
 * dynsec roles, IoT Core policy documents, the credentials response). Least privilege:
 *
 * - everyone of an org reads `system/health`, the org's events, exercise control and team feeds;
 * - members and admins publish on `org/{org}/events` (their presence will); observers publish nothing;
 * - control needs `exercise:control:publish`, feeds need `exercise:feeds:publish`;
 * - `org_admin` gets the org-wide override `org/{org}/#` both ways;
 * - the platform service publishes into any org (and `system/health`) and subscribes to nothing;
 * - no user pattern ever names another org or a wildcard at the org level.
 *
 * @example
 * topicPolicy({ kind: 'user', orgId: 'o1', role: 'member', permissions: [] })
 * // { subscribe: ['system/health', 'org/o1/events', …], publish: ['org/o1/events'] }
 */
export function topicPolicy(identity: TopicIdentity): TopicPolicy {
  if (identity.kind === 'service') {
    return {
      subscribe: [],
      publish: [HEALTH_TOPIC, 'org/+/events', 'org/+/exercise/+/control', 'org/+/exercise/+/team/+/feeds/+'],
    };
  }
  const { orgId, role, permissions } = identity;
  // An org id that is not one topic level would widen every pattern below: refuse to produce any.
  if (!isTopicId(orgId)) return { subscribe: [], publish: [] };
  const base = `org/${orgId}`;
  if (role === 'org_admin') return { subscribe: [HEALTH_TOPIC, `${base}/#`], publish: [`${base}/#`] };

  const events = `${base}/events`;
  const control = `${base}/exercise/+/control`;
  const feeds = `${base}/exercise/+/team/+/feeds/+`;
  const publish: string[] = [];
  if (role === 'member') {
    publish.push(events);
    if (permissions.includes(CONTROL_PUBLISH_PERMISSION)) publish.push(control);
    if (permissions.includes(FEEDS_PUBLISH_PERMISSION)) publish.push(feeds);
  }
  return { subscribe: [HEALTH_TOPIC, events, control, feeds], publish };
}

/** May `policy` publish on concrete `topic`? */
export function canPublish(policy: TopicPolicy, topic: string): boolean {
  return isValidTopicName(topic) && policy.publish.some((pattern) => topicMatches(pattern, topic));
}

/** May `policy` subscribe with `filter` (which may carry wildcards)? */
export function canSubscribe(policy: TopicPolicy, filter: string): boolean {
  return policy.subscribe.some((pattern) => filterWithin(filter, pattern));
}

/**
 * A stable short name for the shape of a user's policy inside its org (`member`, `member-control`, …):
 * users with the same profile share one broker role.
 */
export function policyProfile(identity: Extract<TopicIdentity, { kind: 'user' }>): string {
  if (identity.role !== 'member') return identity.role;
  const extras = [
    identity.permissions.includes(CONTROL_PUBLISH_PERMISSION) ? 'control' : '',
    identity.permissions.includes(FEEDS_PUBLISH_PERMISSION) ? 'feeds' : '',
  ].filter(Boolean);
  return ['member', ...extras].join('-');
}

/** Every profile a user can have, with a representative identity (to pre-generate broker roles). */
export function allProfiles(orgId: string): Extract<TopicIdentity, { kind: 'user' }>[] {
  const p = (role: Role, permissions: string[] = []) => ({ kind: 'user' as const, orgId, role, permissions });
  return [
    p('org_admin'),
    p('observer'),
    p('member'),
    p('member', [CONTROL_PUBLISH_PERMISSION]),
    p('member', [FEEDS_PUBLISH_PERMISSION]),
    p('member', [CONTROL_PUBLISH_PERMISSION, FEEDS_PUBLISH_PERMISSION]),
  ];
}
