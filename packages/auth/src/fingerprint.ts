import { createHash } from 'node:crypto';

/** Headers that describe the client device; all optional. */
export interface DeviceHints {
  userAgent?: string | null;
  secChUa?: string | null;
  secChUaPlatform?: string | null;
  secChUaMobile?: string | null;
}

/**
 * A stable, non-reversible device fingerprint: SHA-256 (hex, 32 chars) of the user agent and the
 * client hints. Not an identity (headers can be forged) — a signal for "new device" detection.
 */
export function deviceFingerprint(h: DeviceHints): string {
  const material = [h.userAgent, h.secChUa, h.secChUaPlatform, h.secChUaMobile]
    .map((v) => v ?? '')
    .join('\n');
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

/** Reads the hints from a Fetch `Headers`. */
export function hintsFromHeaders(headers: Headers): DeviceHints {
  return {
    userAgent: headers.get('user-agent'),
    secChUa: headers.get('sec-ch-ua'),
    secChUaPlatform: headers.get('sec-ch-ua-platform'),
    secChUaMobile: headers.get('sec-ch-ua-mobile'),
  };
}
