export * as ApiKey from './api-key.ts';
export {
  type AuthEventType,
  onSuspiciousActivity,
  recordAuthEvent,
  reportSuspicious,
  type Severity,
  type SuspiciousActivity,
} from './audit-events.ts';
export { deviceFingerprint, hintsFromHeaders } from './fingerprint.ts';
export { type LoginClient, type LoginInput, login } from './login/login.ts';
export { type Me, me } from './me.ts';
export * as Mfa from './mfa.ts';
export { sameOrganization } from './middleware/org-scope.ts';
export { authRateLimit } from './middleware/rate-limit.ts';
export { type AuthVariables, type RequireAuthOptions, requireAuth } from './middleware/require-auth.ts';
export { requirePermission } from './middleware/require-permission.ts';
export { changePassword } from './password/change.ts';
export * as Password from './password.ts';
export { can, grants, hasPermission, normalizePermissions, type Resource } from './permissions.ts';
export { installSessionTriggers } from './session/triggers.ts';
export * as Session from './session.ts';
export { ACCESS_TOKEN_TYPE, AccessClaims, decodeAccessToken, signAccessToken } from './token/access-token.ts';
export type { TokenPair } from './token/issue.ts';
export { jwks, type KeySet, loadKeySet, type PublicJwk, useKeySet } from './token/key-set.ts';
export { actorOf, verifyAccessToken } from './token/verify.ts';
export * as UserPermissions from './user-permissions.ts';
