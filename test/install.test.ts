import { describe, expect, it } from 'vitest';
import { ensureSystemPackages, installAllowed } from '../local/stack/install.ts';
import { StackError } from '../local/stack/process.ts';

describe('system packages of the native stack', () => {
  it('are all present on this machine (so up never needs to install here)', () => {
    expect(() => ensureSystemPackages(false)).not.toThrow();
  });

  it('without permission to install, a missing package stops up with the exact apt-get command', () => {
    const exists = (path: string) => !path.endsWith('/pgbouncer') && !path.endsWith('/mosquitto_ctrl');
    const error = (() => {
      try {
        ensureSystemPackages(false, exists);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StackError);
    expect(String(error)).toContain('missing system packages: pgbouncer mosquitto-clients');
    expect(String(error)).toContain('apt-get install -y --no-install-recommends pgbouncer mosquitto-clients');
    expect(String(error)).toContain('--install');
  });

  it('installs only with CI=true, --install or SCIP_INSTALL=1', () => {
    const saved = { CI: process.env.CI, SCIP_INSTALL: process.env.SCIP_INSTALL };
    try {
      delete process.env.CI;
      delete process.env.SCIP_INSTALL;
      expect(installAllowed(['node', 'cli.ts', 'up'])).toBe(false);
      expect(installAllowed(['node', 'cli.ts', 'up', '--install'])).toBe(true);
      process.env.SCIP_INSTALL = '1';
      expect(installAllowed([])).toBe(true);
      delete process.env.SCIP_INSTALL;
      process.env.CI = 'true';
      expect(installAllowed([])).toBe(true);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
