import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Session, signAccessToken } from '@scip/auth';
import { withActor } from '@scip/context';
import { Audit } from '@scip/core';
import { topicPolicy } from '@scip/realtime/policy';
import { sessionClientId, sessionUsername } from '@scip/realtime/session-client';
import { closeTestPool, liveSession, type TestSession } from '@scip/realtime/test-support/sessions';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from './index.ts';

const ARN = process.env.IOT_ARN_PREFIX ?? 'arn:aws:iot:us-east-1:000000000000';
const PERMISSIONS = ['realtime:subscribe', 'realtime:publish'];
let session: TestSession;
let other: TestSession;

beforeAll(async () => {
  session = await liveSession();
  other = await liveSession();
});
afterAll(() => closeTestPool());

const tokenFor = async (s: TestSession) =>
  (
    await signAccessToken({
      userId: s.userId,
      orgId: s.orgId,
      role: 'member',
      permissions: PERMISSIONS,
      sessionId: s.sessionId,
    })
  ).token;

const event = (token: string, s: TestSession, overrides: { clientId?: string; username?: string } = {}) => ({
  protocols: ['tls', 'mqtt'],
  protocolData: {
    mqtt: {
      username: overrides.username ?? sessionUsername(s.sessionId),
      password: Buffer.from(token).toString('base64'),
      clientId: overrides.clientId ?? sessionClientId(s.sessionId),
    },
  },
  connectionMetadata: { id: randomUUID() },
});

describe('mqtt-authorizer (AWS IoT Core custom authorizer)', () => {
  it('authorizes a valid token with exactly the policy of the token, and audits the connect', async () => {
    const response = await handler(event(await tokenFor(session), session));
    const org = session.orgId;
    const clientId = sessionClientId(session.sessionId);
    expect(
      topicPolicy({ kind: 'user', orgId: org, role: 'member', permissions: PERMISSIONS }).subscribe,
    ).toHaveLength(4);
    expect(response).toEqual({
      isAuthenticated: true,
      principalId: `s${session.sessionId.replaceAll('-', '')}`,
      disconnectAfterInSeconds: expect.any(Number),
      refreshAfterInSeconds: 300,
      policyDocuments: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['iot:Connect'], Resource: [`${ARN}:client/${clientId}`] },
            {
              Effect: 'Allow',
              Action: ['iot:Subscribe'],
              Resource: [
                `${ARN}:topicfilter/system/health`,
                `${ARN}:topicfilter/org/${org}/events`,
                `${ARN}:topicfilter/org/${org}/exercise/*/control`,
                `${ARN}:topicfilter/org/${org}/exercise/*/team/*/feeds/*`,
              ],
            },
            {
              Effect: 'Allow',
              Action: ['iot:Receive'],
              Resource: [
                `${ARN}:topic/system/health`,
                `${ARN}:topic/org/${org}/events`,
                `${ARN}:topic/org/${org}/exercise/*/control`,
                `${ARN}:topic/org/${org}/exercise/*/team/*/feeds/*`,
              ],
            },
            {
              Effect: 'Allow',
              Action: ['iot:Publish'],
              Resource: [
                `${ARN}:topic/org/${org}/events`,
                `${ARN}:topic/org/${org}/exercise/*/team/*/feeds/*`,
              ],
            },
          ],
        },
      ],
    });
    expect(response.disconnectAfterInSeconds).toBeGreaterThanOrEqual(300);
    expect(response.disconnectAfterInSeconds).toBeLessThanOrEqual(
      Number(process.env.ACCESS_TOKEN_TTL_SECONDS ?? 900),
    );
    const entries = await withActor({ type: 'system', reason: 'test', orgId: org }, () =>
      Audit.list({ limit: 5 }),
    );
    expect(entries.some((e) => e.event_type === 'realtime.connect.authorized')).toBe(true);
  });

  it('denies an expired token', async () => {
    // Signed an hour ago (frozen clock), so it expired 45 minutes ago.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 3_600_000);
    const token = await tokenFor(session);
    vi.useRealTimers();
    expect(await handler(event(token, session))).toMatchObject({
      isAuthenticated: false,
      policyDocuments: [],
    });
  });

  it('denies a token of a revoked session', async () => {
    const revoked = await liveSession();
    const token = await tokenFor(revoked);
    await withActor({ type: 'system', reason: 'test', orgId: revoked.orgId }, () =>
      Session.revoke(revoked.sessionId, 'logout'),
    );
    expect(await handler(event(token, revoked))).toMatchObject({
      isAuthenticated: false,
      policyDocuments: [],
    });
  });

  it('denies a forged token (right claims, foreign key) and garbage', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({
      org: session.orgId,
      role: 'org_admin',
      permissions: ['*'],
      session_id: session.sessionId,
    })
      .setProtectedHeader({ alg: 'RS256', kid: process.env.JWT_ACTIVE_KID ?? 'x', typ: 'at+jwt' })
      .setSubject(session.userId)
      .setIssuer(process.env.JWT_ISSUER ?? 'https://scip.local')
      .setAudience(process.env.JWT_AUDIENCE ?? 'scip-api')
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    expect(await handler(event(forged, session))).toMatchObject({ isAuthenticated: false });
    expect(await handler(event('not-a-jwt', session))).toMatchObject({ isAuthenticated: false });
    expect(await handler({ protocolData: { mqtt: { clientId: 'x' } } })).toMatchObject({
      isAuthenticated: false,
    });
  });

  it("denies a valid token used for another organization's session client", async () => {
    const token = await tokenFor(session);
    const crossClient = event(token, session, {
      clientId: sessionClientId(other.sessionId),
      username: sessionUsername(other.sessionId),
    });
    expect(await handler(crossClient)).toMatchObject({ isAuthenticated: false, policyDocuments: [] });
    expect(await handler(event(token, session, { clientId: 'free-choice' }))).toMatchObject({
      isAuthenticated: false,
    });
  });
});
