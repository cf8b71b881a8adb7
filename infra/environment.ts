import type { Stack } from 'sst/constructs';

/** Non-secret settings shared by every function. Secrets come from SecretsStack bindings. */
export function sharedEnvironment(stack: Stack): Record<string, string> {
  const production = stack.stage === 'production';
  return {
    NODE_ENV: 'production',
    STAGE: stack.stage,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    HSTS_ENABLED: 'true',
    TRUST_PROXY: 'true',
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? '',
    DOCS_ENABLED: production ? 'false' : 'true',
    UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL ?? '',
    MQTT_URL: process.env.MQTT_URL ?? '',
    MQTT_BROKER: 'iot-core',
    MQTT_SERVICE_USERNAME: process.env.MQTT_SERVICE_USERNAME ?? 'scip-platform',
    JWT_ACTIVE_KID: process.env.JWT_ACTIVE_KID ?? '',
    JWT_ISSUER: process.env.JWT_ISSUER ?? `https://${stack.stage}.scip.example`,
    IOT_TOPIC_PREFIX: `scip-v2/${stack.stage}`,
    IOT_ARN_PREFIX: `arn:aws:iot:${stack.region}:${stack.account}`,
  };
}
