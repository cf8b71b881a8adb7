import type { Actor } from '@scip/context';

/**
 * Permission codes are `:`-separated paths (`users:read`, `org:settings:write`). A granted `*` segment
 * implies everything at and below its level: `users:*` grants `users:read` and `users:x:y`, `*` grants all.
 *
 * @example
 * grants('org:*', 'org:settings:write'); // true
 */
export function grants(granted: string, required: string): boolean {
  if (granted === required) return true;
  const g = granted.split(':');
  const r = required.split(':');
  for (let i = 0; i < g.length; i++) {
    if (g[i] === '*') return i < r.length;
    if (g[i] !== r[i]) return false;
  }
  return false;
}

export function hasPermission(granted: readonly string[], required: string): boolean {
  return granted.some((g) => grants(g, required));
}

/** A resource an authorization decision can look at; rules beyond the organization check hook in here. */
export interface Resource {
  orgId?: string;
  ownerUserId?: string;
}

/**
 * Whether `actor` may do `permission` (on `resource`). Public actors may do nothing; a resource of another
 * organization is never allowed; system actors (jobs, operator CLI) may do anything within their scope.
 *
 * @example
 * if (!can(useActor(), 'users:write', { orgId: user.organizationId })) throw ...
 */
export function can(actor: Actor, permission: string, resource?: Resource): boolean {
  if (actor.type === 'public') return false;
  if (resource?.orgId && actor.orgId && resource.orgId !== actor.orgId) return false;
  if (actor.type === 'system') return true;
  return hasPermission(actor.permissions, permission);
}

/** Collapses a permission list: drops codes already implied by a wildcard in the same list, sorts. */
export function normalizePermissions(codes: Iterable<string>): string[] {
  const unique = [...new Set(codes)];
  return unique.filter((c) => !unique.some((o) => o !== c && grants(o, c))).sort();
}
