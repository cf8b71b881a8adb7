import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Test-only: the operator CLI as operators run it — a subprocess, JSON on stdout, errors as JSON on stderr. */
const ROOT = join(import.meta.dirname, '../../../..');

export interface Run {
  code: number;
  // biome-ignore lint/suspicious/noExplicitAny: CLI output in tests is asserted field by field
  out: any;
  // biome-ignore lint/suspicious/noExplicitAny: CLI output in tests is asserted field by field
  err: any;
}

/** Runs `npm run admin -- ...args` (without npm) and parses its stdout and stderr. */
export function admin(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'packages/cli/src/admin.ts', ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const parse = (s: string) => {
          if (!s.trim()) return null;
          try {
            return JSON.parse(s.trim());
          } catch {
            return s; // not JSON (say, a stack trace): returned as is, so the assertion shows it
          }
        };
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: parse(stdout), err: parse(stderr) });
      },
    );
  });
}
