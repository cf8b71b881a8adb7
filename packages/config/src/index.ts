export { loadBoundSecrets } from './bound-secrets.ts';
export { ConfigError, isFeatureEnabled, parseEnv, resetEnv, useEnv } from './load.ts';
export { type Env, envSchema } from './schema.ts';
export { SECRET_NAMES } from './secret-names.ts';
