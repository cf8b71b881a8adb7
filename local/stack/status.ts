import { PORTS, pidFile } from './paths.ts';
import { describePortHolder, portOpen } from './ports.ts';
import { isPostgresRunning } from './postgres.ts';
import { isAlive, readPid } from './process.ts';

export interface ServiceStatus {
  service: string;
  port: number;
  listening: boolean;
  /** Started by this checkout (pid file points at a live process). */
  ours: boolean;
  holder?: string;
}

const SERVICES = [
  ['postgres', PORTS.postgres, () => isPostgresRunning()],
  ['pgbouncer', PORTS.pgbouncer, () => isAlive(readPid(pidFile('pgbouncer')))],
  ['redis', PORTS.redis, () => isAlive(readPid(pidFile('redis')))],
  ['upstash-bridge', PORTS.bridge, () => isAlive(readPid(pidFile('upstash-bridge')))],
  ['mosquitto', PORTS.mqtt, () => isAlive(readPid(pidFile('mosquitto')))],
] as const;

/** What listens on each port of the stack, and whether this checkout started it. */
export async function status(): Promise<ServiceStatus[]> {
  return Promise.all(
    SERVICES.map(async ([service, port, ours]) => {
      const listening = await portOpen(port);
      const mine = ours();
      return {
        service,
        port,
        listening,
        ours: mine,
        ...(listening && !mine && { holder: describePortHolder(port) }),
      };
    }),
  );
}
