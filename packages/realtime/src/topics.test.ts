import { describe, expect, it } from 'vitest';
import { controlTopic, feedTopic, HEALTH_TOPIC, orgEventsTopic, orgOfTopic, parseTopic } from './topics.ts';

const org = '0192f0c4-7d1e-7abc-8def-0123456789ab';

describe('topic builders', () => {
  it('build the four documented shapes without a leading slash', () => {
    expect(HEALTH_TOPIC).toBe('system/health');
    expect(orgEventsTopic(org)).toBe(`org/${org}/events`);
    expect(controlTopic(org, 'ex-1')).toBe(`org/${org}/exercise/ex-1/control`);
    expect(feedTopic(org, 'ex-1', 'red', 'chat')).toBe(`org/${org}/exercise/ex-1/team/red/feeds/chat`);
  });

  it.each(['', '+', '#', 'a/b', 'a\u0000b', '$SYS', 'a+b', 'x#', ' ', 'a b', '../x', 'é'])(
    'refuse id %j that could change the topic shape',
    (bad) => {
      expect(() => orgEventsTopic(bad)).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
      expect(() => controlTopic(org, bad)).toThrow();
      expect(() => feedTopic(org, 'e', bad, 'chat')).toThrow();
      expect(() => feedTopic(org, 'e', 't', bad)).toThrow();
    },
  );
});

describe('parseTopic', () => {
  it('round-trips every builder', () => {
    expect(parseTopic(HEALTH_TOPIC)).toEqual({ kind: 'health' });
    expect(parseTopic(orgEventsTopic(org))).toEqual({ kind: 'events', org });
    expect(parseTopic(controlTopic(org, 'e'))).toEqual({ kind: 'control', org, exercise: 'e' });
    expect(parseTopic(feedTopic(org, 'e', 't', 'gps'))).toEqual({
      kind: 'feed',
      org,
      exercise: 'e',
      team: 't',
      feedType: 'gps',
    });
  });

  it.each([
    `/org/${org}/events`,
    `org/${org}/events/`,
    `org//events`,
    `org/+/events`,
    `org/#`,
    `org/${org}/exercise//control`,
    `org/${org}/exercise/e/team/t/feeds/`,
    `org/${org}/exercise/e/team/t/feeds/x/y`,
    `org/${org}/other`,
    'system/other',
    '',
  ])('returns null for %j', (topic) => {
    expect(parseTopic(topic)).toBeNull();
  });

  it('names the organization of a topic', () => {
    expect(orgOfTopic(controlTopic(org, 'e'))).toBe(org);
    expect(orgOfTopic(HEALTH_TOPIC)).toBeUndefined();
  });
});
