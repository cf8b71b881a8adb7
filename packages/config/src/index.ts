export { ConfigError, isFeatureEnabled, parseEnv, resetEnv, useEnv } from './load.ts';
export { type Env, envSchema } from './schema.ts';
