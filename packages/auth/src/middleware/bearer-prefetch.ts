import type { AccessClaims } from '../token/access-token.ts';
import { verifyAccessToken } from '../token/verify.ts';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const pending = new WeakMap<Request, { header: string; claims: Promise<AccessClaims> }>();

/**
 * Starts verifying the request's Bearer token (signature, claims, revocation list) while the caller does
 * something else: the rate limiter overlaps its Redis round trip with the revocation-list one, so an
 * authenticated request waits for one round trip instead of two. Nothing is decided here — `requireAuth`
 * takes the result (or verifies afresh when nothing was started); a failure is only observed there.
 */
export function prefetchBearer(request: Request): void {
  const header = request.headers.get('authorization');
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  if (!header || !token || pending.has(request)) return;
  const claims = verifyAccessToken(token);
  claims.catch(() => {}); // observed (and thrown) by requireAuth; a rate-limited request never gets there
  pending.set(request, { header, claims });
}

/** The verification `prefetchBearer` started for exactly this header of this request, if any (once). */
export function takePrefetched(request: Request, header: string): Promise<AccessClaims> | undefined {
  const entry = pending.get(request);
  if (!entry || entry.header !== header) return undefined;
  pending.delete(request);
  return entry.claims;
}
