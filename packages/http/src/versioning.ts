import type { MiddlewareHandler } from 'hono';

/** The API version this code serves; every response says it in `API-Version`. */
export const API_VERSION = '1';

export function apiVersion(version: string = API_VERSION): MiddlewareHandler {
  return async function apiVersion(c, next) {
    await next();
    c.header('API-Version', version);
  };
}

export interface DeprecationOptions {
  /** When the route stops working (RFC 8594 `Sunset`). */
  sunset: Date;
  /** Since when it is deprecated (RFC 9745 `Deprecation: @<epoch seconds>`); default: `true`. */
  since?: Date;
  /** A page describing the replacement, sent as `Link: <...>; rel="deprecation"`. */
  link?: string;
}

/**
 * Marks a route deprecated: adds `Deprecation`, `Sunset` and optionally `Link` headers. Mark the route
 * `deprecated: true` in its OpenAPI definition too, so the reference shows it.
 *
 * @example
 * app.openapi(
 *   createRoute({ method: 'get', path: '/api/v1/old', deprecated: true,
 *     middleware: [deprecated({ sunset: new Date('2027-06-30T00:00:00Z'), link: '/docs#new' })], ... }),
 *   handler,
 * );
 */
export function deprecated(options: DeprecationOptions): MiddlewareHandler {
  if (Number.isNaN(options.sunset.getTime()))
    throw new TypeError('deprecated(): sunset must be a valid Date');
  const deprecation = options.since ? `@${Math.floor(options.since.getTime() / 1000)}` : 'true';
  const sunset = options.sunset.toUTCString();
  const link = options.link ? `<${options.link}>; rel="deprecation"` : undefined;
  return async function deprecated(c, next) {
    await next();
    c.header('Deprecation', deprecation);
    c.header('Sunset', sunset);
    if (link) c.header('Link', link, { append: true });
  };
}
