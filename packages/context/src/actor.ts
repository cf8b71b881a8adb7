import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '@scip/errors';

export type Role = 'org_admin' | 'member' | 'observer';

/** Who is acting. Set once per request (or job) by `withActor`; read anywhere with `useActor`. */
export type Actor =
  | {
      type: 'user';
      userId: string;
      orgId: string;
      sessionId: string;
      role: Role;
      permissions: readonly string[];
    }
  | { type: 'api_key'; keyId: string; orgId: string; permissions: readonly string[] }
  /** Scheduled jobs, the operator CLI and MQTT entry points. `orgId` scopes it to one tenant when set. */
  | { type: 'system'; reason: string; orgId?: string }
  | { type: 'public' };

const storage = new AsyncLocalStorage<Actor>();

/**
 * Runs `fn` with `actor` as the ambient actor, so domain code can never forget the tenant.
 *
 * @example
 * await withActor({ type: 'system', reason: 'sweep' }, () => Session.sweepExpired());
 */
export function withActor<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}

export function useActor(): Actor {
  return storage.getStore() ?? { type: 'public' };
}

/** The organization of the current actor, or undefined (public and unscoped system actors). */
export function maybeOrgId(): string | undefined {
  const actor = useActor();
  return actor.type === 'public' ? undefined : actor.orgId;
}

/** The organization of the current actor; throws when there is none (a programming error, or no auth). */
export function useOrgId(): string {
  const orgId = maybeOrgId();
  if (!orgId) throw new AppError('authentication_required', 'This operation needs an organization context');
  return orgId;
}

/** The user id of the current actor when it is a user, else undefined. */
export function maybeUserId(): string | undefined {
  const actor = useActor();
  return actor.type === 'user' ? actor.userId : undefined;
}
