export { type Actor, maybeOrgId, maybeUserId, type Role, useActor, useOrgId, withActor } from './actor.ts';
export { maybeRequest, type RequestInfo, withRequest } from './request.ts';
