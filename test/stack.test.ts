import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import Redis from 'ioredis';
import mqtt from 'mqtt';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { PORTS, StackError, up } from '../local/stack/index.ts';
import { pidFile, SECRETS_FILE } from '../local/stack/paths.ts';
import { assertPortFree, checkoutOf } from '../local/stack/ports.ts';

/** A setting that globalSetup exported from the running stack. */
function env(key: string): string {
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set: test/global-setup.ts did not run`);
  return value;
}

describe('native local stack', () => {
  it('up is idempotent: a second run reuses every running service and yields the same settings', async () => {
    const lines: string[] = [];
    const values = await up({ log: (l) => lines.push(l) });
    for (const service of ['postgres', 'pgbouncer', 'redis', 'upstash bridge', 'mosquitto']) {
      expect(
        lines.find((l) => l.startsWith(service)),
        service,
      ).toMatch(/: reused \(/);
    }
    expect(values.DATABASE_URL).toBe(env('DATABASE_URL'));
    expect(values.MQTT_SERVICE_PASSWORD).toBe(env('MQTT_SERVICE_PASSWORD'));
  });

  it('names the process that holds a port, so a second checkout cannot mistake it for its own', async () => {
    const redisPid = readFileSync(pidFile('redis'), 'utf8').trim();
    const error = await assertPortFree('redis', PORTS.redis).catch((e: Error) => e);
    expect(error).toBeInstanceOf(StackError);
    expect(String(error)).toContain(`port ${PORTS.redis} (redis)`);
    expect(String(error)).toMatch(new RegExp(`pid ${redisPid} \\(redis-server .*; cwd /`));
  });

  it('recognises the stack processes of another checkout from their command line or directory', () => {
    const pg =
      'pid 12380 (/usr/lib/postgresql/15/bin/postgres -D /tmp/tmp.sIZ/c/.local/pg -c config_file=/tmp/tmp.sIZ/c/local/postgres/postgresql.conf; cwd /tmp/tmp.sIZ/c/.local/pg)';
    expect(checkoutOf(pg)).toBe('/tmp/tmp.sIZ/c');
    expect(checkoutOf('pid 7 (redis-server 127.0.0.1:56379; cwd /home/a/scip/.local/redis)')).toBe(
      '/home/a/scip',
    );
    expect(checkoutOf('pid 9 (node --import tsx /srv/x/local/upstash-bridge/server.ts; cwd /srv/x)')).toBe(
      '/srv/x',
    );
    expect(checkoutOf('pid 5 (/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf; cwd /)')).toBeUndefined();
  });
});

describe('generated secrets', () => {
  it('live in a mode-600 file and have the shapes @scip/config expects', () => {
    expect(statSync(SECRETS_FILE).mode & 0o777).toBe(0o600);
    const [jwk, ...others] = JSON.parse(env('JWT_SIGNING_KEYS')) as JsonWebKey[];
    expect(others).toHaveLength(0);
    expect(jwk).toMatchObject({ kty: 'RSA', kid: env('JWT_ACTIVE_KID'), alg: 'RS256' });
    const key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(Buffer.from(env('TOTP_ENCRYPTION_KEY'), 'base64')).toHaveLength(32);
    expect(env('UPSTASH_REDIS_REST_TOKEN').length).toBeGreaterThanOrEqual(32);
    expect(statSync(env('MQTT_CA_FILE')).isFile()).toBe(true);
  });
});

describe('PostgreSQL roles and settings', () => {
  const owner = postgres(env('DATABASE_OWNER_URL'), {
    max: 1,
    ssl: { ca: readFileSync(env('MQTT_CA_FILE'), 'utf8') },
  });
  afterAll(() => owner.end());

  it('serves the direct owner connection over TLS with a certificate from the local CA', async () => {
    const [row] = await owner`select ssl, version from pg_stat_ssl where pid = pg_backend_pid()`;
    expect(row).toMatchObject({ ssl: true });
  });

  it('creates the four cluster roles with the documented attributes', async () => {
    const rows = await owner`
      select rolname, rolcanlogin, rolbypassrls, rolinherit, rolcreatedb, rolcreaterole, rolsuper
      from pg_roles where rolname in ('scip_owner', 'app_user', 'app_admin', 'superadmin') order by rolname`;
    const byName = Object.fromEntries(rows.map((r) => [r.rolname, r]));
    expect(byName.scip_owner).toMatchObject({
      rolcanlogin: true,
      rolcreatedb: true,
      rolcreaterole: true,
      rolsuper: false,
    });
    expect(byName.app_user).toMatchObject({
      rolcanlogin: true,
      rolbypassrls: false,
      rolinherit: false,
      rolsuper: false,
    });
    expect(byName.app_admin).toMatchObject({ rolcanlogin: true, rolbypassrls: false, rolsuper: false });
    expect(byName.superadmin).toMatchObject({ rolcanlogin: false, rolbypassrls: true });
  });

  it('logs slow statements and owns database scip as scip_owner', async () => {
    const [slow] = await owner`show log_min_duration_statement`;
    expect(slow?.log_min_duration_statement).toBe('250ms');
    const [db] = await owner`select pg_get_userbyid(datdba) as owner from pg_database where datname = 'scip'`;
    expect(db?.owner).toBe('scip_owner');
  });

  it('lets app_user and app_admin in through PgBouncer, and refuses a wrong password', async () => {
    for (const url of [env('DATABASE_URL'), env('DATABASE_ADMIN_URL')]) {
      const sql = postgres(url, { max: 1, prepare: false });
      const [row] = await sql`select current_user as who`;
      expect(url).toContain(`${row?.who}:`);
      await sql.end();
    }
    const wrong = postgres(env('DATABASE_URL').replace(/:[^:@]+@/, ':wrong-password@'), {
      max: 1,
      prepare: false,
    });
    await expect(wrong`select 1`).rejects.toThrow(/password|authentication/i);
    await wrong.end();
  });
});

describe('Redis', () => {
  it('never evicts (noeviction), keeps an AOF, and requires the password', async () => {
    const redis = new Redis(env('REDIS_URL'), { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    redis.disconnect();
    const anonymous = new Redis(env('REDIS_URL').replace(/\/\/:[^@]+@/, '//'), {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    anonymous.on('error', () => undefined); // the NOAUTH below is the expected outcome
    await anonymous.connect().catch(() => undefined);
    await expect(anonymous.get('any')).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();
  });
});

describe('Mosquitto', () => {
  const connect = (url: string, opts: mqtt.IClientOptions = {}) =>
    mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...opts });

  it('refuses anonymous clients on the plain listener', async () => {
    await expect(connect(env('MQTT_URL'))).rejects.toThrow(/Not authorized|Connection refused/i);
  });

  it('refuses a wrong password and accepts the platform publisher', async () => {
    const username = env('MQTT_SERVICE_USERNAME');
    await expect(connect(env('MQTT_URL'), { username, password: 'wrong-password' })).rejects.toThrow();
    const client = await connect(env('MQTT_URL'), { username, password: env('MQTT_SERVICE_PASSWORD') });
    await client.publishAsync('system/health', 'ok', { qos: 1 });
    await client.endAsync();
  });

  it('serves TLS for localhost with a certificate that the local CA verifies', async () => {
    const client = await connect(env('MQTT_TLS_URL'), {
      ca: readFileSync(env('MQTT_CA_FILE')),
      username: env('MQTT_SERVICE_USERNAME'),
      password: env('MQTT_SERVICE_PASSWORD'),
    });
    expect(client.connected).toBe(true);
    await client.endAsync();
    await expect(connect(env('MQTT_TLS_URL'), { username: 'x', password: 'y' })).rejects.toThrow(
      /certificate/i,
    );
  });
});
