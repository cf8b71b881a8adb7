import { chownSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureServicePublisher } from './dynsec.ts';
import { CONFIG, DIRS, HOST, logFile, MOSQUITTO_LOG_FILE, PORTS, pidFile } from './paths.ts';
import { ensureReadableBy, ownedDir } from './perms.ts';
import { assertPortFree, portOpen } from './ports.ts';
import { isAlive, readPid, run, spawnDetached, stopPid, userIds, waitFor } from './process.ts';
import { writeRenderedConfig } from './render.ts';
import type { Secrets } from './secrets.ts';
import { TLS } from './tls.ts';

/** Where the eclipse-mosquitto image keeps the plugin, and where Debian does. */
export const CONTAINER_DYNSEC_PLUGIN = '/usr/lib/mosquitto_dynamic_security.so';
const DEBIAN_DYNSEC_PLUGINS = [
  '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
];

export function nativeDynsecPlugin(): string {
  return DEBIAN_DYNSEC_PLUGINS.find(existsSync) ?? CONTAINER_DYNSEC_PLUGIN;
}

/** Native rewrite of mosquitto.conf (see render.ts): the container prefix and the plugin path. */
export const mosquittoReplacements = () =>
  [
    ['/mosquitto/', `${DIRS.mosquitto}/`],
    [CONTAINER_DYNSEC_PLUGIN, nativeDynsecPlugin()],
  ] as const;

const dynsecFile = () => join(DIRS.mosquitto, 'data', 'dynamic-security.json');
const confFile = () => join(DIRS.mosquitto, 'config', 'mosquitto.conf');

/** Lays out .local/mosquitto like the container's /mosquitto, owned by the mosquitto user. */
function prepare(secrets: Secrets, fix: boolean): void {
  const as = userIds('mosquitto');
  for (const sub of ['', 'config', 'config/tls', 'data', 'log'])
    ownedDir(join(DIRS.mosquitto, sub), as, 0o700);
  for (const [from, name] of [
    [TLS.caCert, 'ca.crt'],
    [TLS.cert, 'server.crt'],
    [TLS.key, 'server.key'],
  ] as const) {
    const dest = join(DIRS.mosquitto, 'config', 'tls', name);
    copyFileSync(from, dest);
    chownSync(dest, as.uid, as.gid);
  }
  writeRenderedConfig(CONFIG.mosquittoConf, confFile(), mosquittoReplacements());
  chownSync(confFile(), as.uid, as.gid);
  if (!existsSync(dynsecFile())) {
    run('mosquitto_ctrl', [
      'dynsec',
      'init',
      dynsecFile(),
      secrets.MQTT_ADMIN_USERNAME,
      secrets.MQTT_ADMIN_PASSWORD,
    ]);
  }
  chownSync(dynsecFile(), as.uid, as.gid);
  ensureReadableBy('mosquitto', dynsecFile(), fix);
}

export async function startMosquitto(
  secrets: Secrets,
  { fix }: { fix: boolean },
): Promise<'started' | 'reused'> {
  const name = 'mosquitto';
  let outcome: 'started' | 'reused' = 'reused';
  if (!(isAlive(readPid(pidFile(name))) && (await portOpen(PORTS.mqtt)))) {
    await assertPortFree('mqtt', PORTS.mqtt);
    await assertPortFree('mqtts', PORTS.mqtts);
    prepare(secrets, fix);
    const log = MOSQUITTO_LOG_FILE;
    spawnDetached('mosquitto', ['-c', confFile()], { pidFile: pidFile(name), logFile: logFile(name) });
    const ready = async () => (await portOpen(PORTS.mqtt)) && (await portOpen(PORTS.mqtts));
    await waitFor(`mosquitto on ${HOST}:${PORTS.mqtt}/${PORTS.mqtts}`, ready, {
      timeoutMs: 10_000,
      hint: `see ${log} and ${logFile(name)}`,
    });
    outcome = 'started';
  }
  await ensureServicePublisher(
    `mqtt://${HOST}:${PORTS.mqtt}`,
    { username: secrets.MQTT_ADMIN_USERNAME, password: secrets.MQTT_ADMIN_PASSWORD },
    { username: secrets.MQTT_SERVICE_USERNAME, password: secrets.MQTT_SERVICE_PASSWORD },
  );
  return outcome;
}

export const stopMosquitto = () => stopPid(pidFile('mosquitto'));
