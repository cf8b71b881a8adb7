import { describe, expect, it } from 'vitest';
import {
  allProfiles,
  CONTROL_PUBLISH_PERMISSION,
  canPublish,
  canSubscribe,
  PUBLISH_PERMISSION,
  policyProfile,
  SUBSCRIBE_PERMISSION,
  topicPolicy,
} from './policy.ts';
import { controlTopic, feedTopic, orgEventsTopic } from './topics.ts';

const A = 'org-a';
const B = 'org-b';
// The role bundles of migration 0007.
const MEMBER = [SUBSCRIBE_PERMISSION, PUBLISH_PERMISSION];
const OBSERVER = [SUBSCRIBE_PERMISSION];
const user = (role: 'org_admin' | 'member' | 'observer', permissions: string[] = []) =>
  topicPolicy({ kind: 'user', orgId: A, role, permissions });

describe('topicPolicy', () => {
  it('gives a member read access to events, control and feeds, and feed/presence publishing', () => {
    expect(user('member', MEMBER)).toEqual({
      subscribe: [
        'system/health',
        `org/${A}/events`,
        `org/${A}/exercise/+/control`,
        `org/${A}/exercise/+/team/+/feeds/+`,
      ],
      publish: [`org/${A}/events`, `org/${A}/exercise/+/team/+/feeds/+`],
    });
  });

  it('lets an observer read but publish nothing', () => {
    expect(user('observer', OBSERVER).publish).toEqual([]);
    expect(canSubscribe(user('observer', OBSERVER), feedTopic(A, 'e', 't', 'gps'))).toBe(true);
  });

  it('gives a user without realtime:subscribe nothing but system/health', () => {
    expect(user('member', [])).toEqual({ subscribe: ['system/health'], publish: [] });
  });

  it('requires the control permission to publish control messages', () => {
    expect(canPublish(user('member', MEMBER), controlTopic(A, 'e'))).toBe(false);
    expect(canPublish(user('member', [...MEMBER, CONTROL_PUBLISH_PERMISSION]), controlTopic(A, 'e'))).toBe(
      true,
    );
    expect(canPublish(user('member', MEMBER), feedTopic(A, 'e', 't', 'chat'))).toBe(true);
  });

  it('gives org_admin the org-wide override and nothing outside the org', () => {
    const admin = user('org_admin');
    expect(canSubscribe(admin, `org/${A}/#`)).toBe(true);
    expect(canPublish(admin, controlTopic(A, 'e'))).toBe(true);
    expect(canSubscribe(admin, `org/${B}/#`)).toBe(false);
    expect(canSubscribe(admin, 'org/+/events')).toBe(false);
    expect(canSubscribe(admin, '#')).toBe(false);
    expect(canSubscribe(admin, '$SYS/#')).toBe(false);
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

  it('honours wildcard grants like the API does', () => {
    expect(user('member', ['realtime:*'])).toEqual(user('member', MEMBER));
    expect(user('member', ['exercise:*']).publish).toEqual([`org/${A}/exercise/+/control`]);
    expect(policyProfile({ kind: 'user', orgId: A, role: 'member', permissions: ['*'] })).toBe(
      'user-sub-pub-ctl',
    );
  });

  it('maps identities to stable profiles, one per distinct policy', () => {
    const profiles = allProfiles(A).map(policyProfile);
    expect(profiles).toContain('org_admin');
    expect(profiles).toContain('user-sub-pub-ctl');
    expect(new Set(profiles).size).toBe(profiles.length);
    expect(
      policyProfile({ kind: 'user', orgId: A, role: 'observer', permissions: [...OBSERVER, 'users:read'] }),
    ).toBe('user-sub');
    const policies = allProfiles(A).map((p) => JSON.stringify(topicPolicy(p)));
    expect(new Set(policies).size).toBe(policies.length);
  });
});
