import { randomUUID } from 'node:crypto';
import { withRequest } from '@scip/context';
import type { MiddlewareHandler } from 'hono';
import { clientIp } from './client-ip.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What an incoming id must look like to be kept; anything else is replaced (log injection, huge ids). */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export interface RequestIdOptions {
  /** Take the client IP from X-Forwarded-For (see `clientIp`). */
  trustProxy: boolean;
}

export type RequestIdVariables = { requestId: string };

/**
 * First in the chain: keeps a well-formed incoming `X-Request-Id` or makes a UUID, echoes it on the
 * response, stores it in `c.var.requestId`, and runs the rest of the request inside
 * `withRequest({ requestId, clientIp, userAgent })` so the data layer and the logger see it.
 */
export function requestId(options: RequestIdOptions): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const { trustProxy } = options;
  return async function requestId(c, next) {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = incoming && WELL_FORMED.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    const info = {
      requestId: id,
      clientIp: clientIp(c, trustProxy),
      userAgent: c.req.header('user-agent')?.slice(0, 512),
    };
    await withRequest(info, next);
    c.header(REQUEST_ID_HEADER, id);
  };
}
