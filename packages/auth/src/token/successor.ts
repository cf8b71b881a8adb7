import { createHmac, hkdfSync } from 'node:crypto';
import { useEnv } from '@scip/config';

let cached: { raw: string; key: Buffer } | undefined;

function key(): Buffer {
  const raw = useEnv().TOTP_ENCRYPTION_KEY;
  if (cached?.raw !== raw) {
    const derived = hkdfSync(
      'sha256',
      Buffer.from(raw, 'base64'),
      Buffer.alloc(0),
      'scip/refresh-successor',
      32,
    );
    cached = { raw, key: Buffer.from(derived) };
  }
  return cached.key;
}

/**
 * The refresh token that replaces `presented`: HMAC-SHA256 of it under a server key (HKDF-derived from
 * TOTP_ENCRYPTION_KEY, label `scip/refresh-successor`). Deterministic on purpose: a client that retried a
 * refresh within REFRESH_REUSE_GRACE_SECONDS gets the same successor again, without the server ever
 * storing a refresh token in clear. Without the server key the successor cannot be predicted.
 */
export function successorOf(presented: string): string {
  return createHmac('sha256', key()).update(presented, 'utf8').digest('base64url');
}
