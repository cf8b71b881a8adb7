/**
 * MQTT topic-filter semantics (MQTT 5 §4.7), used to evaluate a topic policy without a broker: the
 * IoT Core adapter, the property tests and `allows()` all go through this one implementation.
 */

/** True when `filter` is a syntactically valid MQTT subscription filter. */
export function isValidFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    if (level.includes('+')) return level === '+';
    return true;
  });
}

/** True when `topic` is a valid concrete topic name (no wildcards, not empty, no NUL). */
export function isValidTopicName(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#') && !topic.includes('\u0000');
}

/**
 * Does concrete `topic` match `filter`? Topics starting with `$` never match a filter starting with a
 * wildcard (MQTT 5 §4.7.2).
 *
 * @example topicMatches('org/+/events', 'org/a/events') // true
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (!isValidFilter(filter) || !isValidTopicName(topic)) return false;
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * Is every topic that `inner` can match also matched by `outer`? This decides whether a requested
 * subscription stays inside a granted pattern (a wildcard in the request must meet an equal or wider
 * wildcard in the grant).
 *
 * @example filterWithin('org/a/exercise/+/control', 'org/a/#') // true
 * @example filterWithin('org/+/events', 'org/a/events') // false
 */
export function filterWithin(inner: string, outer: string): boolean {
  if (!isValidFilter(inner) || !isValidFilter(outer)) return false;
  const a = inner.split('/');
  const b = outer.split('/');
  for (let i = 0; i < b.length; i++) {
    if (b[i] === '#') return !(i === 0 && (a[0] ?? '').startsWith('$'));
    if (i >= a.length) return false;
    if (a[i] === '#') return false;
    if (b[i] === '+') {
      if (i === 0 && (a[0] ?? '').startsWith('$')) return false;
      continue;
    }
    if (a[i] === '+' || a[i] !== b[i]) return false;
  }
  return a.length === b.length;
}
