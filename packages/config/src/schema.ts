import { z } from 'zod';
import { bool, int, json, list, splitList, url } from './fields.ts';

/** base64 of exactly 32 bytes (an AES-256 key). */
const aesKey = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be base64 of exactly 32 bytes' });

const rsaPrivateJwk = z.looseObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1),
  n: z.string(),
  e: z.string(),
  d: z.string(),
});
const rsaPublicJwk = z.looseObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1),
  n: z.string(),
  e: z.string(),
});

/**
 * The whole environment of every function, the CLI and the local server. Each variable is listed,
 * with its default, in `.env.example`. Functions parse the same schema; variables a function does
 * not use only need to be present where they have no default, so required secrets are grouped at
 * the bottom and are optional where a function can run without them.
 */
export const envSchema = z.object({
  // --- runtime
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  STAGE: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('local'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: int(3000, 1, 65535),
  /** Comma-separated feature flags that are on, e.g. `api_keys,mfa`. */
  FEATURE_FLAGS: list(),

  // --- HTTP edge
  CORS_ORIGINS: list(),
  HSTS_ENABLED: bool(false),
  TRUST_PROXY: bool(false),
  BODY_LIMIT_BYTES: int(64 * 1024, 1024, 10 * 1024 * 1024),
  REQUEST_TIMEOUT_MS: int(10_000, 100, 60_000),
  DOCS_ENABLED: bool(true),
  METRICS_ENABLED: bool(true),
  /** Bound on each /ready dependency check (database, Redis, MQTT). */
  READY_CHECK_TIMEOUT_MS: int(2_000, 100, 30_000),
  /** /ready reuses its last result this long, so probe storms cannot hammer the dependencies (0 = never). */
  READY_CACHE_MS: int(1_000, 0, 60_000),
  /** /ready reports `down` (503) when free disk or memory falls under these percentages; warns under 5x. */
  READY_DISK_MIN_FREE_PERCENT: z.coerce.number().min(0).max(50).default(2),
  READY_MEMORY_MIN_FREE_PERCENT: z.coerce.number().min(0).max(50).default(2),

  // --- PostgreSQL
  /** app_user through the transaction pooler: what functions use. */
  DATABASE_URL: url(['postgres', 'postgresql']),
  /** Migration owner, direct (not through the pooler). Only migrations and ops scripts use it. */
  DATABASE_OWNER_URL: url(['postgres', 'postgresql']).optional(),
  /** app_admin: cross-organization operations of the operator CLI. */
  DATABASE_ADMIN_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_MAX: int(5, 1, 100),
  DATABASE_STATEMENT_TIMEOUT_MS: int(5_000, 100, 600_000),
  DATABASE_SSL: z.enum(['disable', 'prefer', 'require', 'verify-full']).default('disable'),
  DATABASE_QUERY_LOG: bool(false),

  // --- Redis (Upstash REST)
  UPSTASH_REDIS_REST_URL: url(['http', 'https']),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(16),
  /** Bound on one Redis REST request (retries included): a dead Redis fails fast, and closed. */
  REDIS_TIMEOUT_MS: int(1_500, 50, 30_000),

  // --- MQTT
  MQTT_URL: url(['mqtt', 'mqtts', 'ws', 'wss']),
  /** What clients are told to connect to (may differ from MQTT_URL behind a load balancer). */
  MQTT_PUBLIC_URL: url(['mqtt', 'mqtts', 'ws', 'wss']).optional(),
  MQTT_BROKER: z.enum(['mosquitto', 'iot-core']).default('mosquitto'),
  MQTT_CA_FILE: z.string().optional(),
  MQTT_ADMIN_USERNAME: z.string().min(1).optional(),
  MQTT_ADMIN_PASSWORD: z.string().min(12).optional(),
  MQTT_SERVICE_USERNAME: z.string().min(1).optional(),
  MQTT_SERVICE_PASSWORD: z.string().min(12).optional(),
  MQTT_COMMAND_TIMEOUT_MS: int(3_000, 100, 60_000),
  /** Mosquitto's log file, read by the connection-audit job (mosquitto only; unset = no broker-log audit). */
  MQTT_LOG_FILE: z.string().optional(),
  /** AWS IoT Core: topic prefix `${app}/${stage}` and the ARN prefix for policies. */
  IOT_TOPIC_PREFIX: z.string().default(''),
  IOT_ARN_PREFIX: z.string().default('arn:aws:iot:us-east-1:000000000000'),

  // --- tokens
  JWT_ISSUER: z.string().min(1).default('https://scip.local'),
  JWT_AUDIENCE: z.string().min(1).default('scip-api'),
  /** JSON array of RSA private JWKs, each with a `kid`. */
  JWT_SIGNING_KEYS: json(z.array(rsaPrivateJwk).min(1)),
  /** The `kid` that signs new tokens; every key in JWT_SIGNING_KEYS still verifies. */
  JWT_ACTIVE_KID: z.string().min(1),
  /** JSON array of public JWKs of retired keys that still verify until their tokens expire. */
  JWT_RETIRED_PUBLIC_KEYS: json(z.array(rsaPublicJwk)).default([]),
  ACCESS_TOKEN_TTL_SECONDS: int(900, 60, 3600),
  REFRESH_TOKEN_TTL_SECONDS: int(604_800, 3600, 2_592_000),
  REFRESH_REUSE_GRACE_SECONDS: int(5, 0, 10),
  CLOCK_SKEW_SECONDS: int(30, 0, 120),

  // --- account protection
  LOCKOUT_THRESHOLD: int(5, 1, 100),
  LOCKOUT_SECONDS: int(900, 10, 86_400),
  /** Per-IP limit on /api/v1/auth/*: `<requests>/<window seconds>`. */
  RATE_LIMIT_AUTH: z
    .string()
    .regex(/^\d+\/\d+$/)
    .default('30/60'),
  /** Per-endpoint overrides: `login=10/60,refresh=60/60`. */
  RATE_LIMIT_OVERRIDES: z.string().default(''),
  PASSWORD_MIN_LENGTH: int(12, 8, 128),
  PASSWORD_HISTORY: int(5, 0, 24),
  /** base64 of 32 random bytes; encrypts TOTP secrets at rest (AES-256-GCM). */
  TOTP_ENCRYPTION_KEY: aesKey,
  /**
   * Comma-separated keys TOTP_ENCRYPTION_KEY had before a rotation: they still decrypt, never encrypt,
   * until `mfa rekey` has moved every secret to the current key. `none` (or empty) = no previous key;
   * deployed it must hold a value, as every SST secret does, so it is `none` outside a rotation.
   */
  TOTP_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .default('')
    .transform((v) => (v.trim() === 'none' ? [] : splitList(v)))
    .pipe(z.array(aesKey)),
  API_KEY_ROTATION_GRACE_SECONDS: int(86_400, 0, 2_592_000),
});

export type Env = z.infer<typeof envSchema>;
