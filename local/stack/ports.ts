import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { HOST, ROOT } from './paths.ts';
import { StackError, safe } from './process.ts';

export function portOpen(port: number, host = HOST, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Who listens on a port: pid, command line and working directory, for a clear collision message. */
export function describePortHolder(port: number): string {
  let out = '';
  try {
    out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  } catch {
    return 'an unknown process';
  }
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) return 'an unknown process';
  const cmdline = safe(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
  const cwd = safe(() => readlinkSync(`/proc/${pid}/cwd`));
  return `pid ${pid} (${cmdline ?? '?'}; cwd ${cwd ?? '?'})`;
}

/** The checkout a process belongs to, when it is one of this project's stack processes. */
export function checkoutOf(description: string): string | undefined {
  return /(\/[^\s;()]*?)\/(?:\.local\/|local\/(?:postgres|pgbouncer|redis|mosquitto|upstash-bridge)\/)/.exec(
    description,
  )?.[1];
}

/** Fails clearly when a port we need is held by a process this checkout did not start. */
export async function assertPortFree(service: string, port: number): Promise<void> {
  if (!(await portOpen(port))) return;
  const holder = describePortHolder(port);
  const checkout = checkoutOf(holder);
  if (checkout === ROOT) {
    throw new StackError(
      `port ${port} (${service}) is held by a stack process of this checkout that no pid file names ` +
        `(${holder}). Stop it (kill ${/pid (\d+)/.exec(holder)?.[1] ?? '<pid>'}) and run up again.`,
    );
  }
  if (checkout) {
    throw new StackError(
      `port ${port} (${service}) is held by the stack of another checkout of this project: ${checkout}\n` +
        `Ports are fixed, so only one checkout's stack can run at a time: run \`npm run local:down\` in ${checkout} first.\n` +
        `(holder: ${holder})`,
    );
  }
  throw new StackError(
    `port ${port} (${service}) is already in use by ${holder}, which this checkout did not start.\n` +
      'If it is another checkout of this project, run `npm run local:down` there first; otherwise stop that process.',
  );
}
