import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PLUGINS = [
  '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/mosquitto_dynamic_security.so',
];

export interface PrivateBroker {
  url: string;
  port: number;
  admin: { username: string; password: string };
  dir: string;
  /** SIGTERM (Mosquitto saves its persistence file), then start again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the process but keeps its data (`up()` starts it again). */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function waitForPort(port: number, up: boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open === up) return;
    if (Date.now() > until) throw new Error(`private mosquitto: port ${port} not ${up ? 'open' : 'closed'}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A private Mosquitto 2 with dynamic security in a temp dir, for tests that must stop or restart a
 * broker — never the shared one. Runs as the `mosquitto` user when started as root (the temp dir is
 * handed to it), exactly like the local stack.
 */
export async function startPrivateBroker(): Promise<PrivateBroker> {
  const plugin = PLUGINS.find(existsSync);
  if (!plugin) throw new Error('mosquitto_dynamic_security.so not found');
  const dir = mkdtempSync(join(tmpdir(), 'scip-mqtt-'));
  const port = await freePort();
  const admin = { username: 'admin', password: randomBytes(18).toString('base64url') };
  const dynsec = join(dir, 'dynamic-security.json');
  execFileSync('mosquitto_ctrl', ['dynsec', 'init', dynsec, admin.username, admin.password], {
    stdio: 'ignore',
  });
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      'per_listener_settings false',
      'allow_anonymous false',
      `listener ${port} 127.0.0.1`,
      `plugin ${plugin}`,
      `plugin_opt_config_file ${dynsec}`,
      'persistence true',
      `persistence_location ${dir}/`,
      `log_dest file ${join(dir, 'mosquitto.log')}`,
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'mosquitto']).toString());
    const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString());
    for (const f of [dir, dynsec, conf]) chownSync(f, uid, gid);
  }
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    await waitForPort(port, true);
  };
  const stopChild = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGTERM');
    await exited;
    await waitForPort(port, false);
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    admin,
    dir,
    async restart() {
      await stopChild();
      await start();
    },
    down: stopChild,
    up: start,
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
