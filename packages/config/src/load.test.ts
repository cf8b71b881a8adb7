import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './load.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1' };

const valid = {
  DATABASE_URL: 'postgres://app_user:pw@127.0.0.1:56432/scip',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:58079',
  UPSTASH_REDIS_REST_TOKEN: 'x'.repeat(32),
  MQTT_URL: 'mqtt://127.0.0.1:51883',
  JWT_SIGNING_KEYS: JSON.stringify([jwk]),
  JWT_ACTIVE_KID: 'k1',
  TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(env.REFRESH_TOKEN_TTL_SECONDS).toBe(604_800);
    expect(env.LOCKOUT_THRESHOLD).toBe(5);
    expect(env.HSTS_ENABLED).toBe(false);
    expect(env.CORS_ORIGINS).toEqual([]);
    expect(env.JWT_SIGNING_KEYS[0]?.kid).toBe('k1');
  });

  it('parses lists and booleans', () => {
    const env = parseEnv({
      ...valid,
      CORS_ORIGINS: 'https://a.example, https://b.example',
      HSTS_ENABLED: 'true',
    });
    expect(env.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(env.HSTS_ENABLED).toBe(true);
  });

  it('names every missing or invalid variable', () => {
    const { DATABASE_URL: _omitted, ...rest } = valid;
    const attempt = () => parseEnv({ ...rest, PORT: 'eighty', TOTP_ENCRYPTION_KEY: 'c2hvcnQ=' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/TOTP_ENCRYPTION_KEY: must be base64 of exactly 32 bytes/);
  });

  it('parses previous TOTP keys as a list with the same format rule as the current key', () => {
    const [a, b] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    expect(parseEnv(valid).TOTP_ENCRYPTION_KEY_PREVIOUS).toEqual([]);
    expect(parseEnv({ ...valid, TOTP_ENCRYPTION_KEY_PREVIOUS: 'none' }).TOTP_ENCRYPTION_KEY_PREVIOUS).toEqual(
      [],
    );
    expect(
      parseEnv({ ...valid, TOTP_ENCRYPTION_KEY_PREVIOUS: ` ${a}, ${b} ` }).TOTP_ENCRYPTION_KEY_PREVIOUS,
    ).toEqual([a, b]);
    expect(() => parseEnv({ ...valid, TOTP_ENCRYPTION_KEY_PREVIOUS: `${a},c2hvcnQ=` })).toThrow(
      /TOTP_ENCRYPTION_KEY_PREVIOUS\.1: must be base64 of exactly 32 bytes/,
    );
  });

  it('rejects signing keys that are not valid JSON JWKs', () => {
    expect(() => parseEnv({ ...valid, JWT_SIGNING_KEYS: 'not json' })).toThrow(
      /JWT_SIGNING_KEYS: must be valid JSON/,
    );
    expect(() => parseEnv({ ...valid, JWT_SIGNING_KEYS: '[{"kty":"EC"}]' })).toThrow(/JWT_SIGNING_KEYS/);
  });

  it('treats empty strings as unset so defaults apply', () => {
    expect(parseEnv({ ...valid, LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });
});
