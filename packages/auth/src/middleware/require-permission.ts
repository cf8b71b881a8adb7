import { useActor } from '@scip/context';
import { AppError } from '@scip/errors';
import type { MiddlewareHandler } from 'hono';
import { can } from '../permissions.ts';

/**
 * 403 `permission_denied` unless the authenticated actor holds `code` (wildcards count: `users:*`, `*`).
 * Place after `requireAuth()`.
 *
 * @example
 * app.post('/api/v1/api-keys', requireAuth(), requirePermission('api_keys:create'), handler);
 */
export function requirePermission(code: string): MiddlewareHandler {
  if (!/^[a-z_*]+(:[a-z_*]+)*$/.test(code))
    throw new TypeError(`requirePermission: bad permission code ${code}`);
  return async function requirePermission(_c, next) {
    const actor = useActor();
    if (actor.type === 'public')
      throw new AppError('authentication_required', 'This route needs credentials');
    if (!can(actor, code))
      throw new AppError('permission_denied', `This operation needs the ${code} permission`);
    await next();
  };
}
