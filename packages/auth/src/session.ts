/** Sessions: a session is a refresh-token family. Use as `Session.revoke`, `Session.revokeAllForUser`. */
export { create, type NewSession, type SessionInfo, seenBefore } from './session/create.ts';
export { listMine, revokeMine, type SessionSummary } from './session/list.ts';
export { effectivePermissions } from './session/permissions.ts';
export { refresh } from './session/refresh.ts';
export { type RevokedSession, type RevokeReason, revoke, revokeAllForUser } from './session/revoke.ts';
