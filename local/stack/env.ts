import { writeFileSync } from 'node:fs';
import { bridgeUrl } from './bridge.ts';
import { HOST, MOSQUITTO_LOG_FILE, PORTS, RUNTIME_ENV_FILE } from './paths.ts';
import { redisUrl } from './redis.ts';
import { formatEnvFile, type Secrets } from './secrets.ts';
import { TLS } from './tls.ts';

const pg = (user: string, password: string, port: number) =>
  `postgres://${user}:${encodeURIComponent(password)}@${HOST}:${port}/scip`;

/** Settings of the running local stack, in the variable names of `@scip/config` (see .env.example). */
export function stackEnv(secrets: Secrets): Record<string, string> {
  return {
    DATABASE_URL: pg('app_user', secrets.APP_USER_PASSWORD, PORTS.pgbouncer),
    DATABASE_OWNER_URL: pg('scip_owner', secrets.SCIP_OWNER_PASSWORD, PORTS.postgres),
    DATABASE_ADMIN_URL: pg('app_admin', secrets.APP_ADMIN_PASSWORD, PORTS.pgbouncer),
    UPSTASH_REDIS_REST_URL: bridgeUrl(),
    UPSTASH_REDIS_REST_TOKEN: secrets.UPSTASH_REDIS_REST_TOKEN,
    REDIS_URL: redisUrl(secrets.REDIS_PASSWORD),
    MQTT_URL: `mqtt://${HOST}:${PORTS.mqtt}`,
    MQTT_TLS_URL: `mqtts://localhost:${PORTS.mqtts}`,
    MQTT_CA_FILE: TLS.caCert,
    MQTT_ADMIN_USERNAME: secrets.MQTT_ADMIN_USERNAME,
    MQTT_ADMIN_PASSWORD: secrets.MQTT_ADMIN_PASSWORD,
    MQTT_SERVICE_USERNAME: secrets.MQTT_SERVICE_USERNAME,
    MQTT_SERVICE_PASSWORD: secrets.MQTT_SERVICE_PASSWORD,
    JWT_SIGNING_KEYS: secrets.JWT_SIGNING_KEYS,
    JWT_ACTIVE_KID: secrets.JWT_ACTIVE_KID,
    TOTP_ENCRYPTION_KEY: secrets.TOTP_ENCRYPTION_KEY,
    // The broker's log, read by the realtime connection audit (connects, disconnects, kicks).
    MQTT_LOG_FILE: MOSQUITTO_LOG_FILE,
    // Fixed, so runtime.env does not depend on who wrote it last (test runs set test/silent themselves).
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
  };
}

/** Writes `.local/runtime.env` (mode 600; `npm run admin` and `node --env-file` read it). */
export function writeRuntimeEnv(env: Record<string, string>): void {
  const header = '# Settings of the running local stack, written by `npm run local:env`. Do not commit.\n';
  writeFileSync(RUNTIME_ENV_FILE, formatEnvFile(env, header), { mode: 0o600 });
}
