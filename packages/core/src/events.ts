import { type Actor, maybeRequest, useActor } from '@scip/context';
import { afterCommit, inTransaction } from '@scip/db';
import { dbLogger } from '@scip/db/logger';

/**
 * In-process domain events. Handlers run after the emitting transaction commits (never for a rolled
 * back one), each isolated: a failing handler is logged and the others still run. Events carry the
 * actor and request id of the emitter.
 */

export interface EventMeta {
  type: string;
  actor: Actor;
  requestId: string | undefined;
  occurredAt: Date;
}

export type EventHandler<P = unknown> = (payload: P, meta: EventMeta) => unknown | Promise<unknown>;

const handlers = new Map<string, Set<EventHandler>>();

/**
 * Subscribes to one event type; returns the unsubscribe function.
 *
 * @example
 * Events.on<{ sessionId: string }>('session.revoked', ({ sessionId }) => broker.kick(sessionId));
 */
export function on<P = unknown>(type: string, handler: EventHandler<P>): () => void {
  let set = handlers.get(type);
  if (!set) {
    set = new Set();
    handlers.set(type, set);
  }
  set.add(handler as EventHandler);
  return () => {
    set.delete(handler as EventHandler);
  };
}

async function dispatch(payload: unknown, meta: EventMeta): Promise<void> {
  for (const handler of [...(handlers.get(meta.type) ?? [])]) {
    try {
      await handler(payload, meta);
    } catch (error) {
      dbLogger().error({ err: error, event: meta.type }, 'event handler failed');
    }
  }
}

/**
 * Emits an event. Inside `withTransaction` it is queued and dispatched after COMMIT (the returned
 * promise resolves at once); outside a transaction it is dispatched now and the promise resolves
 * when every handler has run.
 *
 * @example
 * Events.emit('user.disabled', { userId });
 */
export function emit<P>(type: string, payload: P): Promise<void> {
  const meta: EventMeta = {
    type,
    actor: useActor(),
    requestId: maybeRequest()?.requestId,
    occurredAt: new Date(),
  };
  if (inTransaction()) {
    afterCommit(() => dispatch(payload, meta), { name: `event:${type}` });
    return Promise.resolve();
  }
  return dispatch(payload, meta);
}

/** Number of handlers for a type (diagnostics and tests). */
export function listenerCount(type: string): number {
  return handlers.get(type)?.size ?? 0;
}
