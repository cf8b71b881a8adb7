import { hasPermission } from '@scip/auth/permissions';
import type { Role } from '@scip/context';
import { filterWithin, isValidTopicName, topicMatches } from './topic-filter.ts';
import { HEALTH_TOPIC, isTopicId } from './topics.ts';

/** Permission codes (app.permissions catalogue, migration 0007) the policy reads. */
export const SUBSCRIBE_PERMISSION = 'realtime:subscribe';
/** Publish into team feeds, and presence on the org's events topic. */
export const PUBLISH_PERMISSION = 'realtime:publish';
export const CONTROL_PUBLISH_PERMISSION = 'exercise:control:publish';

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
 * - every user of an org reads `system/health`;
 * - `realtime:subscribe` reads the org's events, exercise control and team feeds;
 * - `realtime:publish` publishes into team feeds and on `org/{org}/events` (the presence will);
 * - `exercise:control:publish` publishes exercise control messages;
 * - `org_admin` gets the org-wide override `org/{org}/#` both ways;
 * - the platform service publishes into any org (and `system/health`) and subscribes to nothing;
 * - no user pattern ever names another org or a wildcard at the org level.
 *
 * With the role bundles of migration 0007: members read and publish feeds/presence, observers only read,
 * control needs the extra grant.
 *
 * @example
 * topicPolicy({ kind: 'user', orgId: 'o1', role: 'observer', permissions: ['realtime:subscribe'] })
 * // { subscribe: ['system/health', 'org/o1/events', …], publish: [] }
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
  const subscribe = [HEALTH_TOPIC];
  const publish: string[] = [];
  // Same grant semantics as the API (`realtime:*`, `*` wildcards), so a token means the same everywhere.
  if (hasPermission(permissions, SUBSCRIBE_PERMISSION)) subscribe.push(events, control, feeds);
  if (hasPermission(permissions, PUBLISH_PERMISSION)) publish.push(events, feeds);
  if (hasPermission(permissions, CONTROL_PUBLISH_PERMISSION)) publish.push(control);
  return { subscribe, publish };
}

/** May `policy` publish on concrete `topic`? */
export function canPublish(policy: TopicPolicy, topic: string): boolean {
  return isValidTopicName(topic) && policy.publish.some((pattern) => topicMatches(pattern, topic));
}

/** May `policy` subscribe with `filter` (which may carry wildcards)? */
export function canSubscribe(policy: TopicPolicy, filter: string): boolean {
  return policy.subscribe.some((pattern) => filterWithin(filter, pattern));
}

const FLAGS = [
  [SUBSCRIBE_PERMISSION, 'sub'],
  [PUBLISH_PERMISSION, 'pub'],
  [CONTROL_PUBLISH_PERMISSION, 'ctl'],
] as const;

/**
 * A stable short name for the shape of a user's policy inside its org (`org_admin`, `user-sub-pub`, …):
 * users with the same profile share one broker role. Only permissions the policy reads matter.
 */
export function policyProfile(identity: Extract<TopicIdentity, { kind: 'user' }>): string {
  if (identity.role === 'org_admin') return 'org_admin';
  return [
    'user',
    ...FLAGS.filter(([code]) => hasPermission(identity.permissions, code)).map(([, f]) => f),
  ].join('-');
}

/** Every profile a user can have, with a representative identity (to pre-generate broker roles). */
export function allProfiles(orgId: string): Extract<TopicIdentity, { kind: 'user' }>[] {
  const combos: string[][] = [[]];
  for (const [code] of FLAGS) for (const c of [...combos]) combos.push([...c, code]);
  return [
    { kind: 'user', orgId, role: 'org_admin', permissions: [] },
    ...combos.map((permissions) => ({ kind: 'user' as const, orgId, role: 'member' as const, permissions })),
  ];
}
