/** Variables that are secrets: set per stage with `npx sst secrets set`, never in plain environment. */
export const SECRET_NAMES = [
  'DATABASE_URL',
  'UPSTASH_REDIS_REST_TOKEN',
  'JWT_SIGNING_KEYS',
  'JWT_RETIRED_PUBLIC_KEYS',
  'TOTP_ENCRYPTION_KEY',
  'TOTP_ENCRYPTION_KEY_PREVIOUS',
  'MQTT_SERVICE_PASSWORD',
] as const;
