import { ConfigError, envSchema } from '@scip/config';

/**
 * The HTTP edge settings, validated from the environment with the same zod schema as everything else,
 * but only the subset the edge needs: a function that serves `/health` must not need JWT keys to start.
 */
const httpEnvSchema = envSchema.pick({
  NODE_ENV: true,
  LOG_LEVEL: true,
  CORS_ORIGINS: true,
  HSTS_ENABLED: true,
  TRUST_PROXY: true,
  BODY_LIMIT_BYTES: true,
  REQUEST_TIMEOUT_MS: true,
  METRICS_ENABLED: true,
  DOCS_ENABLED: true,
});

export interface HttpConfig {
  logLevel: string;
  corsOrigins: readonly string[];
  hstsEnabled: boolean;
  trustProxy: boolean;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  metricsEnabled: boolean;
  /** Serve /docs and /openapi.json. */
  docsEnabled: boolean;
}

/**
 * Reads the HTTP settings from an environment (default `process.env`). Throws naming the bad variable.
 *
 * @example
 * const config = httpConfigFromEnv({ CORS_ORIGINS: 'https://app.example.com' });
 */
export function httpConfigFromEnv(source: Record<string, string | undefined> = process.env): HttpConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = httpEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid environment:\n${lines}`);
  }
  const env = result.data;
  return {
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS,
    hstsEnabled: env.HSTS_ENABLED,
    trustProxy: env.TRUST_PROXY,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    metricsEnabled: env.METRICS_ENABLED,
    docsEnabled: env.DOCS_ENABLED,
  };
}
