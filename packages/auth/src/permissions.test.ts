import { describe, expect, it } from 'vitest';
import { can, grants, hasPermission, normalizePermissions } from './permissions.ts';

describe('grants', () => {
  it.each([
    ['users:read', 'users:read', true],
    ['users:read', 'users:write', false],
    ['users:*', 'users:read', true],
    ['users:*', 'users:sessions:revoke', true],
    ['users:*', 'users', false],
    ['users:*', 'audit:read', false],
    ['org:*', 'org:settings:write', true],
    ['org:settings:*', 'org:settings:write', true],
    ['org:settings:*', 'org:members:write', false],
    ['*', 'anything:at:all', true],
    ['users', 'users:read', false],
    ['users:read', 'users:read:extra', false],
  ])('%s grants %s → %s', (granted, required, expected) => {
    expect(grants(granted, required)).toBe(expected);
  });
});

describe('can', () => {
  const user = {
    type: 'user' as const,
    userId: 'u1',
    orgId: 'o1',
    sessionId: 's1',
    role: 'member' as const,
    permissions: ['users:read', 'audit:*'],
  };
  it('allows granted and wildcard-implied permissions and denies others', () => {
    expect(can(user, 'users:read')).toBe(true);
    expect(can(user, 'audit:read')).toBe(true);
    expect(can(user, 'users:write')).toBe(false);
  });
  it('denies a resource of another organization even with the permission', () => {
    expect(can(user, 'users:read', { orgId: 'o1' })).toBe(true);
    expect(can(user, 'users:read', { orgId: 'o2' })).toBe(false);
    expect(can({ type: 'system', reason: 't', orgId: 'o1' }, 'users:write', { orgId: 'o2' })).toBe(false);
  });
  it('denies the public actor and scopes api keys to their permissions', () => {
    expect(can({ type: 'public' }, 'users:read')).toBe(false);
    expect(
      can({ type: 'api_key', keyId: 'k', orgId: 'o1', permissions: ['users:read'] }, 'users:write'),
    ).toBe(false);
  });
});

describe('normalizePermissions', () => {
  it('drops codes implied by wildcards', () => {
    expect(normalizePermissions(['users:read', 'users:*', 'audit:read', 'audit:read'])).toEqual([
      'audit:read',
      'users:*',
    ]);
    expect(hasPermission(['*'], 'x:y')).toBe(true);
  });
});
