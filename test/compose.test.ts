import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_FILE } from '../local/stack/compose.ts';
import { CONTAINER_DYNSEC_PLUGIN, mosquittoReplacements } from '../local/stack/mosquitto.ts';
import { CONFIG, DIRS, PORTS, ROOT } from '../local/stack/paths.ts';
import { renderConfig } from '../local/stack/render.ts';

interface Service {
  image: string;
  restart?: string;
  network_mode?: string;
  command?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string | string[] };
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
}

const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const longRunning = Object.entries(services).filter(([, s]) => s.restart !== 'no');
const text = (file: string) => readFileSync(file, 'utf8');
const rel = (file: string) => `./${file.slice(ROOT.length + 1)}`;

/** `source:target` of every bind mount of a service, keyed by target. */
function mounts(name: string): Record<string, string> {
  const entries = (services[name]?.volumes ?? []).map((v) => v.split(':'));
  return Object.fromEntries(entries.map(([source, target]) => [target, source]));
}

describe('docker-compose.local.yml matches the native stack', () => {
  it('runs the same services as the native stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['mosquitto', 'mosquitto-init', 'pgbouncer', 'postgres', 'redis', 'tls-init', 'upstash-bridge'].sort(),
    );
  });

  it('gives every service the host network, resource limits, and a restart policy', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.network_mode, name).toBe('host');
      expect(service.deploy?.resources?.limits?.memory, name).toMatch(/^\d+[MG]$/);
      expect(service.deploy?.resources?.limits?.cpus, name).toMatch(/^\d+(\.\d+)?$/);
      expect(service.restart, name).toMatch(/^(unless-stopped|no)$/);
    }
  });

  it('gives every long-running service a healthcheck and restarts it unless stopped', () => {
    expect(longRunning.map(([n]) => n).sort()).toEqual(
      ['mosquitto', 'pgbouncer', 'postgres', 'redis', 'upstash-bridge'].sort(),
    );
    for (const [name, service] of longRunning) {
      expect(service.healthcheck?.test, name).toBeDefined();
      expect(service.restart, name).toBe('unless-stopped');
    }
  });

  it('mounts the very config files the native runner uses', () => {
    expect(mounts('postgres')['/etc/scip/postgresql.conf']).toBe(rel(CONFIG.postgresConf));
    expect(mounts('postgres')['/etc/scip/pg_hba.conf']).toBe(rel(CONFIG.pgHba));
    expect(mounts('postgres')['/docker-entrypoint-initdb.d/10-bootstrap.sql']).toBe(rel(CONFIG.bootstrapSql));
    expect(mounts('pgbouncer')['/etc/pgbouncer/pgbouncer.ini']).toBe(rel(CONFIG.pgbouncerIni));
    expect(mounts('redis')['/usr/local/etc/redis/redis.conf']).toBe(rel(CONFIG.redisConf));
    expect(mounts('mosquitto')['/mosquitto/config/mosquitto.conf']).toBe(rel(CONFIG.mosquittoConf));
    expect(services['upstash-bridge']?.command).toContain(rel(CONFIG.bridgeServer).slice(2));
    expect(String(services.postgres?.command)).toContain('config_file=/etc/scip/postgresql.conf');
    expect(String(services.redis?.command)).toContain('/usr/local/etc/redis/redis.conf');
  });

  it('listens on the same host ports as local/stack (the ports live in the shared files)', () => {
    expect(text(CONFIG.postgresConf)).toMatch(new RegExp(`^port = ${PORTS.postgres}\\b`, 'm'));
    expect(text(CONFIG.postgresConf)).toMatch(/^listen_addresses = '127\.0\.0\.1'/m);
    expect(text(CONFIG.pgbouncerIni)).toMatch(new RegExp(`^listen_port = ${PORTS.pgbouncer}$`, 'm'));
    expect(text(CONFIG.pgbouncerIni)).toMatch(new RegExp(`host=127\\.0\\.0\\.1 port=${PORTS.postgres} `));
    expect(text(CONFIG.redisConf)).toMatch(new RegExp(`^port ${PORTS.redis}$`, 'm'));
    expect(text(CONFIG.mosquittoConf)).toMatch(new RegExp(`^listener ${PORTS.mqtt} 127\\.0\\.0\\.1$`, 'm'));
    expect(text(CONFIG.mosquittoConf)).toMatch(new RegExp(`^listener ${PORTS.mqtts} 127\\.0\\.0\\.1$`, 'm'));
    expect(services['upstash-bridge']?.environment?.BRIDGE_PORT).toBe(String(PORTS.bridge));
    expect(services.postgres?.environment?.PGPORT).toBe(String(PORTS.postgres));
    const checks = JSON.stringify(longRunning.map(([, s]) => s.healthcheck?.test));
    for (const port of [PORTS.postgres, PORTS.pgbouncer, PORTS.redis, PORTS.bridge, PORTS.mqtt]) {
      expect(checks).toContain(String(port));
    }
  });

  it('mounts every container path that the shared config files refer to', () => {
    const mosquittoPaths = text(CONFIG.mosquittoConf).match(/\/mosquitto\/[\w/.-]+/g) ?? [];
    const targets = Object.keys(mounts('mosquitto'));
    for (const path of mosquittoPaths) {
      expect(
        targets.some((t) => path.startsWith(t)),
        path,
      ).toBe(true);
    }
    expect(text(CONFIG.mosquittoConf)).toContain(`plugin ${CONTAINER_DYNSEC_PLUGIN}\n`);
    expect(text(CONFIG.pgbouncerIni)).toContain('auth_file = /etc/pgbouncer/userlist.txt');
    expect(Object.keys(mounts('pgbouncer'))).toContain('/etc/pgbouncer/userlist.txt');
    for (const path of ['server.crt', 'server.key', 'ca.crt']) {
      expect(String(services.postgres?.command)).toContain(`/etc/scip/tls/${path}`);
    }
  });

  it('the running native broker uses mosquitto.conf with only the documented path rewrites', () => {
    const rendered = text(join(DIRS.mosquitto, 'config', 'mosquitto.conf'));
    expect(rendered).toBe(renderConfig(CONFIG.mosquittoConf, mosquittoReplacements()));
    const source = text(CONFIG.mosquittoConf).split('\n');
    const changed = rendered.split('\n').filter((line, i) => line !== source[i]);
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed)
      expect(line).toMatch(new RegExp(`${DIRS.mosquitto}/|mosquitto_dynamic_security\\.so`));
  });
});
