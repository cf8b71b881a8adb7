/**
 * Names of the broker client bound to one session. The username and the client id are both derived
 * from the session id, and the broker only accepts that client id with that username (dynsec `clientid`),
 * so nobody can take over another session's persistent queue by reusing its client id.
 */
export const SESSION_USERNAME_PREFIX = 'scip-s-';

export function sessionUsername(sessionId: string): string {
  return `${SESSION_USERNAME_PREFIX}${sessionId}`;
}

export const SESSION_CLIENT_PREFIX = 'scip-c-';

export function sessionClientId(sessionId: string): string {
  return `${SESSION_CLIENT_PREFIX}${sessionId}`;
}

export function sessionIdOfClientId(clientId: string): string | undefined {
  return clientId.startsWith(SESSION_CLIENT_PREFIX)
    ? clientId.slice(SESSION_CLIENT_PREFIX.length)
    : undefined;
}

export function sessionIdOfUsername(username: string): string | undefined {
  return username.startsWith(SESSION_USERNAME_PREFIX)
    ? username.slice(SESSION_USERNAME_PREFIX.length)
    : undefined;
}

/** What the broker keeps about a session client (dynsec `textdescription`, JSON). */
export interface SessionClientInfo {
  sessionId: string;
  userId: string;
  orgId: string;
  /** When the credentials die (never later than the session's end). */
  expiresAt: Date;
}
