import { withActor } from '@scip/context';
import { Events } from '@scip/core';
import { revokeAllForUser } from './revoke.ts';

interface UserEvent {
  userId: string;
  orgId: string;
}

let installed = false;

/**
 * Ends a user's sessions when their authority changes (ASVS 8.3.2): a role change (`user.role_changed`)
 * or a disable (`user.disabled`) revokes every session, so the next request with an old token fails and the
 * user signs in again with the new permissions. Per-user grants go through `UserPermissions`, which
 * revokes in the same transaction. Idempotent; installed once per process.
 */
export function installSessionTriggers(): void {
  if (installed) return;
  installed = true;
  const revokeFor = (reason: string) => (e: UserEvent) =>
    withActor({ type: 'system', reason: `auth.${reason}`, orgId: e.orgId }, () =>
      revokeAllForUser(e.userId, { reason }),
    );
  Events.on<UserEvent>('user.role_changed', revokeFor('permissions_changed'));
  Events.on<UserEvent>('user.disabled', revokeFor('user_disabled'));
}
