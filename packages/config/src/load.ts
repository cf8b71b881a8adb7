import type { z } from 'zod';
import { type Env, envSchema } from './schema.ts';

/** Raised when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function describe(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/**
 * Parses and validates an environment. Throws `ConfigError` naming each invalid or missing variable.
 *
 * @example
 * const env = parseEnv({ ...process.env, PORT: '8080' });
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(`Invalid environment:\n${describe(result.error.issues)}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated process environment, parsed once. Start-up calls it so a bad value stops the process early. */
export function useEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forget the cached environment (tests that change process.env). */
export function resetEnv(): void {
  cached = undefined;
}

export function isFeatureEnabled(flag: string, env: Env = useEnv()): boolean {
  return env.FEATURE_FLAGS.includes(flag);
}
