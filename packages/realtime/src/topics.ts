import { AppError } from '@scip/errors';

/**
 * The topic hierarchy (no leading slash, as MQTT practice advises):
 *
 * - `system/health`
 * - `org/{org}/events`
 * - `org/{org}/exercise/{exercise}/control`
 * - `org/{org}/exercise/{exercise}/team/{team}/feeds/{feed_type}`
 *
 * Every id becomes exactly one topic level, so an id may never contain `/`, the wildcards `+` `#`,
 * NUL, or be empty; ids also may not start with `$` (reserved by brokers). The allow-list below is
 * stricter than that on purpose: ids are uuids or slugs, nothing else has a reason to be here.
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const FEED_TYPE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type TopicKind = 'health' | 'events' | 'control' | 'feed';

export type ParsedTopic =
  | { kind: 'health' }
  | { kind: 'events'; org: string }
  | { kind: 'control'; org: string; exercise: string }
  | { kind: 'feed'; org: string; exercise: string; team: string; feedType: string };

/** True when `value` can be used as one topic level id (org, exercise or team id). */
export function isTopicId(value: string): boolean {
  return ID_PATTERN.test(value);
}

function id(name: string, value: string, pattern = ID_PATTERN): string {
  if (!pattern.test(value)) {
    throw new AppError('validation_failed', `Invalid ${name} for an MQTT topic`, {
      extra: { errors: [{ path: name, message: 'must be one topic level: letters, digits, _ . : - only' }] },
    });
  }
  return value;
}

export const HEALTH_TOPIC = 'system/health';

/** @example orgEventsTopic('0190…') // 'org/0190…/events' */
export function orgEventsTopic(org: string): string {
  return `org/${id('org', org)}/events`;
}

/** @example controlTopic(org, 'ex-1') // 'org/{org}/exercise/ex-1/control' */
export function controlTopic(org: string, exercise: string): string {
  return `org/${id('org', org)}/exercise/${id('exercise', exercise)}/control`;
}

/** @example feedTopic(org, 'ex-1', 'red', 'chat') // 'org/{org}/exercise/ex-1/team/red/feeds/chat' */
export function feedTopic(org: string, exercise: string, team: string, feedType: string): string {
  return `org/${id('org', org)}/exercise/${id('exercise', exercise)}/team/${id('team', team)}/feeds/${id('feed_type', feedType, FEED_TYPE_PATTERN)}`;
}

/**
 * Parses a concrete topic (no wildcards) of the hierarchy; anything else (unknown shapes, wildcards,
 * invalid ids, a leading slash) gives `null`.
 */
export function parseTopic(topic: string): ParsedTopic | null {
  if (topic === HEALTH_TOPIC) return { kind: 'health' };
  const l = topic.split('/');
  if (l[0] !== 'org' || l.length < 3) return null;
  const [, org = '', a, exercise = '', b, team = '', c, feedType = ''] = l;
  if (!ID_PATTERN.test(org)) return null;
  if (l.length === 3 && a === 'events') return { kind: 'events', org };
  if (a !== 'exercise' || !ID_PATTERN.test(exercise)) return null;
  if (l.length === 5 && b === 'control') return { kind: 'control', org, exercise };
  if (
    l.length === 8 &&
    b === 'team' &&
    c === 'feeds' &&
    ID_PATTERN.test(team) &&
    FEED_TYPE_PATTERN.test(feedType)
  ) {
    return { kind: 'feed', org, exercise, team, feedType };
  }
  return null;
}

/** The organization a concrete topic belongs to, or undefined for `system/*` and unknown topics. */
export function orgOfTopic(topic: string): string | undefined {
  const parsed = parseTopic(topic);
  return parsed && parsed.kind !== 'health' ? parsed.org : undefined;
}
