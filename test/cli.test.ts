import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, RUNTIME_ENV_FILE } from '../local/stack/paths.ts';
import { parseEnvFile } from '../local/stack/secrets.ts';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'local/cli.ts', ...args], { cwd: ROOT, env: { ...process.env } });

describe('local/cli.ts', () => {
  it('`env` prints only KEY=VALUE lines on stdout, with at least the contract keys, equal to runtime.env', async () => {
    const { stdout } = await cli('env');
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9_]*=\S+$/);
    const printed = parseEnvFile(stdout);
    for (const key of [
      'DATABASE_URL',
      'DATABASE_OWNER_URL',
      'UPSTASH_REDIS_REST_URL',
      'UPSTASH_REDIS_REST_TOKEN',
      'MQTT_URL',
    ]) {
      expect(printed[key], key).toBeTruthy();
    }
    expect(parseEnvFile(readFileSync(RUNTIME_ENV_FILE, 'utf8'))).toEqual(printed);
  });

  it('writes runtime.env so that `node --env-file` (what `npm run admin` uses) reads JSON values intact', async () => {
    const script =
      'process.stdout.write(JSON.stringify([JSON.parse(process.env.JWT_SIGNING_KEYS)[0].kid, process.env.JWT_ACTIVE_KID]))';
    const { stdout } = await run(process.execPath, [`--env-file=${RUNTIME_ENV_FILE}`, '-e', script], {
      env: {},
    });
    const [kid, active] = JSON.parse(stdout) as string[];
    expect(kid).toBe(active);
    expect(kid).toBe(process.env.JWT_ACTIVE_KID);
  });

  it('`status` reports every service of the stack as running from this checkout', async () => {
    const { stdout } = await cli('status');
    for (const service of ['postgres', 'pgbouncer', 'redis', 'upstash-bridge', 'mosquitto']) {
      expect(stdout).toMatch(new RegExp(`^${service} +\\d+ +running$`, 'm'));
    }
  });

  it('rejects an unknown command with usage and exit code 2', async () => {
    const error = await cli('bogus').catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain('usage: tsx local/cli.ts');
  });
});
