import { describe, expect, it } from 'vitest';
import {
  allProfiles,
  CONTROL_PUBLISH_PERMISSION,
  canPublish,
  canSubscribe,
  FEEDS_PUBLISH_PERMISSION,
  policyProfile,
  topicPolicy,
} from './policy.ts';
import { controlTopic, feedTopic, orgEventsTopic } from './topics.ts';

const A = 'org-a';
const B = 'org-b';
const user = (role: 'org_admin' | 'member' | 'observer', permissions: string[] = []) =>
  topicPolicy({ kind: 'user', orgId: A, role, permissions });

describe('topicPolicy', () => {
  it('gives a member read access to events, control and feeds and presence publishing only', () => {
    expect(user('member')).toEqual({
      subscribe: [
        'system/health',
        `org/${A}/events`,
        `org/${A}/exercise/+/control`,
        `org/${A}/exercise/+/team/+/feeds/+`,
      ],
      publish: [`org/${A}/events`],
    });
  });

  it('lets an observer read but publish nothing', () => {
    expect(user('observer').publish).toEqual([]);
    expect(canSubscribe(user('observer'), feedTopic(A, 'e', 't', 'gps'))).toBe(true);
  });

  it('requires the control permission to publish control messages', () => {
    expect(canPublish(user('member'), controlTopic(A, 'e'))).toBe(false);
    expect(canPublish(user('member', [CONTROL_PUBLISH_PERMISSION]), controlTopic(A, 'e'))).toBe(true);
    expect(canPublish(user('member', [FEEDS_PUBLISH_PERMISSION]), feedTopic(A, 'e', 't', 'chat'))).toBe(true);
    expect(canPublish(user('observer', [CONTROL_PUBLISH_PERMISSION]), controlTopic(A, 'e'))).toBe(false);
  });

  it('gives org_admin the org-wide override and nothing outside the org', () => {
    const admin = user('org_admin');
    expect(canSubscribe(admin, `org/${A}/#`)).toBe(true);
    expect(canPublish(admin, controlTopic(A, 'e'))).toBe(true);
    expect(canSubscribe(admin, `org/${B}/#`)).toBe(false);
    expect(canSubscribe(admin, 'org/+/events')).toBe(false);
    expect(canSubscribe(admin, '#')).toBe(false);
    expect(canPublish(admin, orgEventsTopic(B))).toBe(false);
  });

  it('lets the platform service publish into any org but subscribe to nothing', () => {
    const service = topicPolicy({ kind: 'service' });
    expect(canPublish(service, orgEventsTopic(B))).toBe(true);
    expect(canPublish(service, feedTopic(A, 'e', 't', 'x'))).toBe(true);
    expect(service.subscribe).toEqual([]);
  });

  it('never produces a user pattern outside the own org', () => {
    for (const identity of allProfiles(A)) {
      const policy = topicPolicy(identity);
      for (const p of [...policy.subscribe, ...policy.publish]) {
        expect(p === 'system/health' || p.startsWith(`org/${A}/`)).toBe(true);
      }
    }
  });

  it.each(['+', '#', 'a/b', '', '$SYS'])('produces no access at all for a malformed org id %j', (orgId) => {
    expect(topicPolicy({ kind: 'user', orgId, role: 'org_admin', permissions: [] })).toEqual({
      subscribe: [],
      publish: [],
    });
  });

  it('maps identities to stable profiles', () => {
    expect(allProfiles(A).map(policyProfile)).toEqual([
      'org_admin',
      'observer',
      'member',
      'member-control',
      'member-feeds',
      'member-control-feeds',
    ]);
  });
});
