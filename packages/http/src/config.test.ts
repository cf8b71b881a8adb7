import { describe, expect, it } from 'vitest';
import { httpConfigFromEnv } from './config.ts';

describe('httpConfigFromEnv', () => {
  it('reads only the HTTP settings, with defaults, needing no secrets', () => {
    expect(
      httpConfigFromEnv({ CORS_ORIGINS: 'https://a.example, https://b.example', HSTS_ENABLED: 'true' }),
    ).toEqual({
      logLevel: 'info',
      corsOrigins: ['https://a.example', 'https://b.example'],
      hstsEnabled: true,
      trustProxy: false,
      bodyLimitBytes: 65_536,
      requestTimeoutMs: 10_000,
      metricsEnabled: true,
      docsEnabled: true,
    });
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => httpConfigFromEnv({ BODY_LIMIT_BYTES: 'lots', TRUST_PROXY: 'maybe' })).toThrow(
      /BODY_LIMIT_BYTES[\s\S]*TRUST_PROXY|TRUST_PROXY[\s\S]*BODY_LIMIT_BYTES/,
    );
  });
});
