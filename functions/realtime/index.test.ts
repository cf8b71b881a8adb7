import { Password, signAccessToken } from '@scip/auth';
import { adminPool, asOrg } from '@scip/db/test-support/index';
import { RealtimeCredentials } from '@scip/realtime/credentials';
import { DynsecCommandClient } from '@scip/realtime/dynsec/command-client';
import { mosquittoBroker } from '@scip/realtime/dynsec/mosquitto-broker';
import { iotCoreBroker } from '@scip/realtime/iot/iot-core-broker';
import { topicPolicy } from '@scip/realtime/policy';
import {
  caFile,
  connect,
  dropped,
  eventually,
  newOrgId,
  refusal,
  subscribeCodes,
} from '@scip/realtime/test-support/mqtt';
import { closeTestPool, setSessionExpiry, testOrg, testSession } from '@scip/realtime/test-support/sessions';
import { closeBroker, setBroker } from '@scip/realtime/use-broker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app as auth } from '../auth/index.ts';
import { app } from './index.ts';

const admin = adminPool(1);
const PASSWORD = 'correct horse battery staple 42';
const NEW_PASSWORD = 'violet kettle umbrella sunrise 77';
let org: { orgId: string; userId: string; slug: string };

beforeAll(async () => {
  org = await testOrg();
  const hash = await Password.hash(PASSWORD);
  await asOrg(
    admin,
    org.orgId,
    (tx) => tx`update app.users set password_hash = ${hash} where id = ${org.userId}`,
  );
});
afterAll(async () => {
  await admin.end({ timeout: 5 });
  await closeTestPool();
  await closeBroker();
});

const post = (target: typeof app, path: string, body?: unknown, token?: string) =>
  target.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function login() {
  const res = await post(auth, '/api/v1/auth/login', {
    organization: org.slug,
    email: `admin@${org.slug}.test`,
    password: PASSWORD,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; refresh_token: string };
}

async function credentials(token: string) {
  const res = await post(app, '/api/v1/realtime/credentials', undefined, token);
  expect(res.status).toBe(200);
  return RealtimeCredentials.parse(await res.json());
}

const mqttOptions = (c: RealtimeCredentials) => ({
  clientId: c.client_id,
  username: c.username,
  password: c.password,
});

describe('POST /api/v1/realtime/credentials', () => {
  it('refuses requests without a valid access token', async () => {
    const none = await post(app, '/api/v1/realtime/credentials');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'authentication_required' });
    const forged = await post(app, '/api/v1/realtime/credentials', undefined, 'eyJhbGciOiJub25lIn0.e30.');
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
  });

  it('issues session-bound credentials that connect (plain and TLS) with exactly the policy topics', async () => {
    const tokens = await login();
    const creds = await credentials(tokens.access_token);
    expect(creds.url).toBe(process.env.MQTT_PUBLIC_URL ?? process.env.MQTT_URL);
    expect(creds.topics).toEqual(
      topicPolicy({ kind: 'user', orgId: org.orgId, role: 'org_admin', permissions: [] }),
    );
    expect(new Date(creds.expires_at).getTime()).toBeGreaterThan(Date.now());

    const client = await connect({ ...mqttOptions(creds), url: creds.url });
    expect(await subscribeCodes(client, `org/${org.orgId}/#`)).toEqual([1]);
    expect(await subscribeCodes(client, `org/${newOrgId()}/#`)).toEqual([135]);
    await client.endAsync();

    const tls = await connect({ ...mqttOptions(creds), url: process.env.MQTT_TLS_URL, ca: caFile() });
    expect(tls.connected).toBe(true);
    await tls.endAsync();
  });

  it('a refresh rotates the password: the old connection drops and the old password is refused', async () => {
    const tokens = await login();
    const first = await credentials(tokens.access_token);
    const client = await connect(mqttOptions(first));
    const gone = dropped(client);
    const second = await credentials(tokens.access_token);
    expect(second.password).not.toBe(first.password);
    expect(await gone).toBe(152);
    expect(await refusal(mqttOptions(first))).toBe(135);
    expect(await refusal(mqttOptions(second))).toBe('connected');
  });

  it('logout through the auth API drops the live connection within 1 s and ends the credentials', async () => {
    const tokens = await login();
    const creds = await credentials(tokens.access_token);
    const client = await connect(mqttOptions(creds));
    let reason: number | 'closed' | undefined;
    void dropped(client).then((r) => {
      reason = r;
    });
    const logout = await post(auth, '/api/v1/auth/logout', undefined, tokens.access_token);
    expect(logout.status).toBe(204);
    await eventually('drop after logout', () => reason !== undefined, 1_000);
    expect(reason).toBe(152);
    expect(await refusal(mqttOptions(creds))).toBe(135);
    const again = await post(app, '/api/v1/realtime/credentials', undefined, tokens.access_token);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: 'token_revoked' });
  });

  it('credentials never outlive the session: expires_at is the session end, and an expired session gets none', async () => {
    const session = await testSession(org, new Date(Date.now() + 120_000));
    const { token } = await signAccessToken({
      userId: org.userId,
      orgId: org.orgId,
      role: 'org_admin',
      permissions: [],
      sessionId: session.sessionId,
    });
    const creds = await credentials(token);
    expect(new Date(creds.expires_at).getTime()).toBe(session.expiresAt.getTime());
    const client = await connect(mqttOptions(creds));
    const gone = dropped(client);
    // The session ends while the access token is still valid: the next credentials call notices and
    // removes the broker client at once, before any sweep.
    await setSessionExpiry(session, new Date(Date.now() - 1_000));
    const res = await post(app, '/api/v1/realtime/credentials', undefined, token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'token_revoked' });
    expect(await gone).toBe(152);
    expect(await refusal(mqttOptions(creds))).toBe(135);
  });

  it('answers 503 dependency_unavailable when the broker cannot be reached (bounded)', async () => {
    const tokens = await login();
    const down = mosquittoBroker(
      new DynsecCommandClient({ url: 'mqtt://127.0.0.1:1', username: 'x', password: 'y', timeoutMs: 300 }),
    );
    const previous = setBroker(down);
    try {
      const res = await post(app, '/api/v1/realtime/credentials', undefined, tokens.access_token);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'dependency_unavailable' });
    } finally {
      setBroker(previous);
      await down.close();
    }
  });

  it('on AWS IoT Core hands out the access token as the password, bound to the session client id', async () => {
    const tokens = await login();
    const previous = setBroker(iotCoreBroker());
    try {
      const creds = await credentials(tokens.access_token);
      const claims = JSON.parse(
        Buffer.from(tokens.access_token.split('.')[1] ?? '', 'base64url').toString(),
      ) as {
        exp: number;
        session_id: string;
      };
      expect(creds).toMatchObject({
        password: tokens.access_token,
        client_id: `scip-c-${claims.session_id}`,
        username: `scip-s-${claims.session_id}`,
        expires_at: new Date(claims.exp * 1000).toISOString(),
      });
    } finally {
      setBroker(previous);
    }
  });

  it('a password change through the auth API drops the live connections of the other sessions', async () => {
    const other = await login();
    const current = await login();
    const creds = await credentials(other.access_token);
    const client = await connect(mqttOptions(creds));
    const gone = dropped(client);
    const res = await post(
      auth,
      '/api/v1/auth/password',
      { current_password: PASSWORD, new_password: NEW_PASSWORD },
      current.access_token,
    );
    expect(res.status).toBe(204);
    expect(await gone).toBe(152);
    expect(await refusal(mqttOptions(creds))).toBe(135);
    // Put the password back for the other tests (its history forbids nothing here: a different value).
    await asOrg(admin, org.orgId, async (tx) => {
      await tx`update app.users set password_hash = ${await Password.hash(PASSWORD)} where id = ${org.userId}`;
    });
  });

  it('refresh-token reuse through the auth API drops the live connection', async () => {
    const tokens = await login();
    const refreshed = await post(auth, '/api/v1/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const pair = (await refreshed.json()) as { access_token: string };
    const creds = await credentials(pair.access_token);
    const client = await connect(mqttOptions(creds));
    const gone = dropped(client);
    // Past the grace window for concurrent retries, a spent token is reuse.
    await new Promise((r) =>
      setTimeout(r, (Number(process.env.REFRESH_REUSE_GRACE_SECONDS ?? 5) + 0.5) * 1000),
    );
    const reused = await post(auth, '/api/v1/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ code: 'refresh_token_reused' });
    expect(await gone).toBe(152);
    expect(await refusal(mqttOptions(creds))).toBe(135);
  });
});
