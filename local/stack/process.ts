import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export class StackError extends Error {
  override name = 'StackError';
}

export interface RunAs {
  uid: number;
  gid: number;
}

/** uid/gid of a system user (postgres, mosquitto); node drops supplementary groups when it switches. */
export function userIds(user: string): RunAs {
  const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export interface RunOptions {
  as?: RunAs;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
}

/** Runs a command to completion; on failure the error carries its stderr, so messages stay actionable. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): string {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      input: opts.input,
      uid: opts.as?.uid,
      gid: opts.as?.gid,
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const detail = (e.stderr || e.stdout || e.message).trim();
    throw new StackError(`${cmd} ${args.join(' ')} failed:\n${detail}`);
  }
}

export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True for a running process; a zombie (exited, not yet reaped by its new parent) counts as gone. */
export function isAlive(pid: number | undefined): pid is number {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = safe(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat);
}

export interface DetachedOptions extends RunOptions {
  pidFile: string;
  logFile: string;
}

/** Starts a long-lived process in its own session, output appended to a log file, pid recorded. */
export function spawnDetached(cmd: string, args: string[], opts: DetachedOptions): number {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  mkdirSync(dirname(opts.pidFile), { recursive: true });
  const out = openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    uid: opts.as?.uid,
    gid: opts.as?.gid,
  });
  closeSync(out);
  if (!child.pid) throw new StackError(`could not start ${cmd} (see ${opts.logFile})`);
  child.unref();
  writeFileSync(opts.pidFile, `${child.pid}\n`);
  return child.pid;
}

/** SIGTERM, then SIGKILL after `graceMs`; removes the pid file. */
export async function stopPid(pidFile: string, graceMs = 10_000): Promise<boolean> {
  const pid = readPid(pidFile);
  if (!isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(20);
  rmSync(pidFile, { force: true });
  return true;
}

/** Polls `check` until it returns true; throws with `what` and a hint after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  { timeoutMs = 15_000, intervalMs = 100, hint = '' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new StackError(`${what} not ready after ${timeoutMs} ms${cause}${hint ? `\n${hint}` : ''}`);
}

export function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
