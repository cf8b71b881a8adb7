import { parseEnv } from '@scip/config';
import { describe, expect, it } from 'vitest';
import { env } from '../local/stack/index.ts';

describe('test workers inherit the stack environment from globalSetup', () => {
  it('has every KEY of `local:env` in process.env with the same value', () => {
    const expected = env();
    for (const [key, value] of Object.entries(expected)) {
      if (key === 'NODE_ENV' || key === 'LOG_LEVEL') continue;
      expect(process.env[key], key).toBe(value);
    }
  });

  it('runs with NODE_ENV=test and a valid @scip/config environment', () => {
    expect(process.env.NODE_ENV).toBe('test');
    expect(() => parseEnv(process.env)).not.toThrow();
  });
});
