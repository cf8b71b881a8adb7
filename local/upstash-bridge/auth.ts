import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Returns a check of the `Authorization: Bearer <token>` header. Both sides are hashed first, so the
 * comparison is constant-time and does not reveal the token length either.
 */
export function bearerCheck(token: string): (req: IncomingMessage) => boolean {
  if (token.length < 16) throw new Error('The bridge token must be at least 16 characters');
  const expected = digest(token);
  return function isAuthorized(req) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1]) return false;
    return timingSafeEqual(digest(match[1].trim()), expected);
  };
}
