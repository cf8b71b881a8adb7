/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const SENSITIVE_KEYS = new Set([
  'password',
  'token',
  'secret',
  'authorization',
  'cookie',
  'set-cookie',
  'refresh_token',
  'access_token',
  'id_token',
  'api_key',
  'x-api-key',
  'totp',
  'private_key',
  'client_secret',
]);

/** Also catches `current_password`, `newPassword`, `totp_secret`, `session_token`, `mqttPassword`, ... */
const SENSITIVE_PATTERN = /password|secret|token$/i;

export const REDACTED = '[Redacted]';

const MAX_DEPTH = 10;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(key.toLowerCase()) || SENSITIVE_PATTERN.test(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a copy of `value` with every sensitive key's value replaced by `[Redacted]`, at any depth of
 * plain objects and arrays. Other objects (Error, Date, Buffer) are kept as they are, so the logger's
 * serializers still see them. Pino's own `redact` needs fixed paths; this works for any shape.
 *
 * @example
 * redact({ body: { user: { password: 'x' } } }) // → { body: { user: { password: '[Redacted]' } } }
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}
