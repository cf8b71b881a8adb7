import { type Actor, withActor } from '@scip/context';
import { AppError } from '@scip/errors';
import type { MiddlewareHandler } from 'hono';
import { authenticateApiKey } from '../api-key/authenticate.ts';
import type { AccessClaims } from '../token/access-token.ts';
import { actorOf, verifyAccessToken } from '../token/verify.ts';
import { parseAuthorization, takePrefetched } from './bearer-prefetch.ts';

export type AuthVariables = { actor: Actor; claims?: AccessClaims };

export interface RequireAuthOptions {
  /** Accept `Authorization: ApiKey <prefix.secret>` besides Bearer tokens (default true). */
  apiKeys?: boolean;
}

/**
 * Authenticates the request and runs the rest of it as the caller: `Bearer <access token>` (verified and
 * checked against the revocation list) or `ApiKey <prefix.secret>`. Sets `c.var.actor` and the ambient
 * actor (`withActor`), so handlers and packages read `useActor()` / `useOrgId()`.
 * 401 `authentication_required` without credentials, `invalid_token`/`token_revoked` for bad ones,
 * 503 `dependency_unavailable` when the revocation list cannot be read (never fails open). Answers get
 * `Cache-Control: no-store` unless the route set its own.
 *
 * @example
 * app.use('/api/v1/auth/me', requireAuth());
 */
export function requireAuth(
  options: RequireAuthOptions = {},
): MiddlewareHandler<{ Variables: AuthVariables }> {
  const apiKeys = options.apiKeys ?? true;
  return async function requireAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw new AppError('authentication_required', 'Send Authorization: Bearer <token>');
    const parsed = parseAuthorization(header);
    if (!parsed) throw new AppError('invalid_token', 'Malformed Authorization header');
    let actor: Actor;
    if (parsed.scheme === 'bearer') {
      const claims = await (takePrefetched(c.req.raw, header) ?? verifyAccessToken(parsed.credential));
      c.set('claims', claims);
      actor = actorOf(claims);
    } else if (apiKeys) {
      actor = await authenticateApiKey(parsed.credential);
    } else {
      throw new AppError('invalid_token', 'API keys are not accepted here');
    }
    c.set('actor', actor);
    await withActor(actor, next);
    // An answer about an authenticated caller is theirs alone: no shared or browser cache keeps it.
    if (!c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}
