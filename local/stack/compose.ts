import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureServicePublisher } from './dynsec.ts';
import { DIRS, HOST, PORTS, ROOT, SECRETS_FILE } from './paths.ts';
import { userlist } from './pgbouncer.ts';
import { StackError } from './process.ts';
import type { Secrets } from './secrets.ts';

export const COMPOSE_FILE = join(ROOT, 'docker-compose.local.yml');
const composeDir = join(DIRS.local, 'compose');

/**
 * Auth files the containers mount. Their folder is private (700) on the host; the files themselves
 * are 644 because the containers' service users (not root) read them through the bind mount.
 */
export function writeComposeFiles(secrets: Secrets): void {
  mkdirSync(composeDir, { recursive: true });
  chmodSync(composeDir, 0o700);
  for (const [file, text] of [
    ['pgbouncer/userlist.txt', userlist(secrets)],
    ['redis/auth.conf', `requirepass ${secrets.REDIS_PASSWORD}\n`],
  ] as const) {
    mkdirSync(join(composeDir, file, '..'), { recursive: true });
    writeFileSync(join(composeDir, file), text, { mode: 0o644 });
  }
}

/** True when a Docker engine answers (the client alone is not enough). SCIP_STACK=native forces native. */
export function dockerAnswers(): boolean {
  if (process.env.SCIP_STACK === 'native') return false;
  const res = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeout: 5_000,
    stdio: 'pipe',
  });
  return res.status === 0;
}

function compose(args: string[]): void {
  try {
    execFileSync('docker', ['compose', '-f', COMPOSE_FILE, '--env-file', SECRETS_FILE, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: ROOT,
    });
  } catch (error) {
    throw new StackError(
      `docker compose ${args.join(' ')} failed: ${(error as Error).message}\n` +
        'Set SCIP_STACK=native to run the stack as native processes instead.',
    );
  }
}

/** Starts (or reuses) the compose stack and provisions the MQTT service client. */
export async function composeUp(secrets: Secrets): Promise<void> {
  writeComposeFiles(secrets);
  compose(['up', '-d', '--wait']);
  await ensureServicePublisher(
    `mqtt://${HOST}:${PORTS.mqtt}`,
    { username: secrets.MQTT_ADMIN_USERNAME, password: secrets.MQTT_ADMIN_PASSWORD },
    { username: secrets.MQTT_SERVICE_USERNAME, password: secrets.MQTT_SERVICE_PASSWORD },
  );
}

export const composeDown = () => compose(['stop']);
