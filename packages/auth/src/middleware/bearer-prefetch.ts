import type { AccessClaims } from '../token/access-token.ts';
import { verifyAccessToken } from '../token/verify.ts';

const SCHEME = /^(Bearer|ApiKey)\s+(\S+)\s*$/i;

/** `Authorization: Bearer <token>` / `ApiKey <key>` → scheme (lower case) and credential; undefined if malformed. */
export function parseAuthorization(
  header: string,
): { scheme: 'bearer' | 'apikey'; credential: string } | undefined {
  const match = SCHEME.exec(header);
  if (!match?.[1] || !match[2]) return undefined;
  return { scheme: match[1].toLowerCase() as 'bearer' | 'apikey', credential: match[2] };
}
const pending = new WeakMap<Request, { header: string; claims: Promise<AccessClaims> }>();

/**
 * Starts verifying the request's Bearer token (signature, claims, revocation list) while the caller does
 * something else: the rate limiter overlaps its Redis round trip with the revocation-list one, so an
 * authenticated request waits for one round trip instead of two. Nothing is decided here — `requireAuth`
 * takes the result (or verifies afresh when nothing was started); a failure is only observed there.
 */
export function prefetchBearer(request: Request): void {
  const header = request.headers.get('authorization');
  const parsed = header ? parseAuthorization(header) : undefined;
  if (!header || parsed?.scheme !== 'bearer' || pending.has(request)) return;
  const claims = verifyAccessToken(parsed.credential);
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
