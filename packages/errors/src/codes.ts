/**
 * The fixed list of error codes the platform answers with. A code is part of the public
 * contract: clients branch on it, so a code is never renamed or reused for another meaning.
 * Add new codes at the end of their group, with the HTTP status they map to and a one-line
 * description (it is published in the OpenAPI document's error dictionary).
 */
export const ERROR_CODES = {
  // 4xx: the request
  bad_request: {
    status: 400,
    description: 'The request is malformed (for example, the body is not valid JSON).',
  },
  validation_failed: { status: 422, description: 'One or more fields are invalid; `errors` lists them.' },
  not_found: { status: 404, description: 'No such route or resource.' },
  method_not_allowed: { status: 405, description: 'The route exists but not with this method.' },
  payload_too_large: { status: 413, description: 'The request body exceeds the configured limit.' },
  unsupported_media_type: { status: 415, description: 'The body must be application/json.' },
  rate_limited: { status: 429, description: 'Too many requests; retry after `Retry-After` seconds.' },
  version_conflict: {
    status: 409,
    description: 'The resource changed since it was read (optimistic locking).',
  },
  already_exists: { status: 409, description: 'A resource with the same unique key exists.' },
  // 401/403/423: authentication and authorization
  authentication_required: { status: 401, description: 'No credentials were presented.' },
  invalid_token: {
    status: 401,
    description: 'The token is malformed, forged, expired or of the wrong type.',
  },
  token_revoked: { status: 401, description: 'The token belongs to a session that has ended.' },
  invalid_credentials: {
    status: 401,
    description: 'Organization, email or password is wrong (deliberately not saying which).',
  },
  mfa_required: { status: 401, description: 'The account has MFA enabled; send `totp`.' },
  invalid_totp: { status: 401, description: 'The one-time code is wrong or was already used.' },
  invalid_refresh_token: { status: 401, description: 'The refresh token is unknown or expired.' },
  refresh_token_reused: {
    status: 401,
    description: 'A spent refresh token was presented; the session is revoked.',
  },
  account_locked: {
    status: 423,
    description: 'Too many failed attempts; the account is locked for a while.',
  },
  permission_denied: { status: 403, description: 'The actor lacks the permission this operation requires.' },
  cross_organization: {
    status: 403,
    description: 'The request names an organization other than the caller’s.',
  },
  password_too_weak: { status: 422, description: 'The new password does not meet the password policy.' },
  password_reused: { status: 422, description: 'The new password equals one of the last five.' },
  // 5xx: us
  internal: { status: 500, description: 'An unexpected error; it has been logged with the request id.' },
  dependency_unavailable: {
    status: 503,
    description: 'A required dependency (database, Redis, broker) is unavailable.',
  },
  not_ready: { status: 503, description: 'The service is not ready to serve traffic.' },
  request_timeout: { status: 504, description: 'The request took longer than the configured timeout.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
