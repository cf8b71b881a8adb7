import { useActor } from '@scip/context';
import { AppError } from '@scip/errors';
import type { Context, MiddlewareHandler } from 'hono';
import { recordAuthEvent } from '../audit-events.ts';

/** Names under which a request may mention an organization id. */
const ORG_FIELDS = ['orgId', 'org_id', 'organizationId', 'organization_id'];

async function mentionedOrgIds(c: Context): Promise<string[]> {
  const found: string[] = [];
  const params = c.req.param() as Record<string, string>;
  for (const f of ORG_FIELDS) {
    if (params[f]) found.push(params[f]);
    found.push(...(c.req.queries(f) ?? []));
  }
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const f of ORG_FIELDS) {
        const v = (body as Record<string, unknown>)[f];
        if (v !== undefined && v !== null) found.push(String(v));
      }
    }
  }
  return found;
}

/**
 * The organization comes from the verified credentials only. Any organization id in the path, query or
 * JSON body that differs from the caller's is refused with 403 `cross_organization` and audited.
 * Place after `requireAuth()`; a malformed JSON body is left for the validator to answer.
 *
 * @example
 * app.use('/api/v1/*', requireAuth(), sameOrganization());
 */
export function sameOrganization(): MiddlewareHandler {
  return async function sameOrganization(c, next) {
    const actor = useActor();
    const own = actor.type === 'public' ? undefined : actor.orgId;
    if (!own) throw new AppError('authentication_required', 'This route needs an organization context');
    const foreign = (await mentionedOrgIds(c)).filter((id) => id !== own);
    if (foreign.length > 0) {
      await recordAuthEvent('auth.cross_organization', 'warning', {
        method: c.req.method,
        path: c.req.path,
        requested: foreign.slice(0, 5),
      });
      throw new AppError('cross_organization', 'The request names an organization other than yours');
    }
    await next();
  };
}
