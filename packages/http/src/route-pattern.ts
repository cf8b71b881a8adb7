import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** Label for requests that matched no route: keeps metric cardinality bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The registered pattern of the route that handled the request (`/api/v1/users/:id`), never the raw
 * path. Middleware registered with `use()` has method `ALL`, so the last non-`ALL` match is the route.
 */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i];
    if (route && route.method !== 'ALL') return route.path;
  }
  return UNMATCHED_ROUTE;
}
