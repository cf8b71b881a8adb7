import { describe, expect, it } from 'vitest';
import { filterWithin, isValidFilter, topicMatches } from './topic-filter.ts';

describe('topicMatches', () => {
  it.each([
    ['org/+/events', 'org/a/events', true],
    ['org/a/#', 'org/a', true],
    ['org/a/#', 'org/a/x/y', true],
    ['org/a/#', 'org/b/x', false],
    ['org/+/events', 'org/a/b/events', false],
    ['#', '$SYS/broker', false],
    ['+/broker', '$SYS/broker', false],
    ['$SYS/#', '$SYS/broker', true],
    ['org/a/events', 'org/a/events/', false],
    ['org/a/+', 'org/a/', true],
  ])('%s ~ %s → %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('rejects invalid filters and topics', () => {
    expect(isValidFilter('a/#/b')).toBe(false);
    expect(isValidFilter('a/b+')).toBe(false);
    expect(topicMatches('a/+', 'a/+')).toBe(false);
  });
});

describe('filterWithin', () => {
  it.each([
    ['org/a/exercise/+/control', 'org/a/#', true],
    ['org/a/#', 'org/a/#', true],
    ['org/a/#', 'org/a/events', false],
    ['org/+/events', 'org/a/events', false],
    ['#', 'org/a/#', false],
    ['org/a/events', 'org/+/events', true],
    ['org/a/exercise/+/control', 'org/a/exercise/+/control', true],
    ['org/a/exercise/x/control', 'org/a/exercise/+/control', true],
    ['org/a/exercise/#', 'org/a/exercise/+/control', false],
    ['$SYS/#', '#', false],
    ['$SYS/x', '+/x', false],
  ])('%s ⊆ %s → %s', (inner, outer, expected) => {
    expect(filterWithin(inner, outer)).toBe(expected);
  });
});
