import { z } from '@hono/zod-openapi';
import { useEnv } from '@scip/config';
import { useActor } from '@scip/context';
import { Audit } from '@scip/core';
import { AppError } from '@scip/errors';
import { topicPolicy } from './policy.ts';
import { sessionClientId, sessionUsername } from './session-client.ts';
import { isLive, sessionStates } from './session-state.ts';
import { useBroker } from './use-broker.ts';

export const RealtimeCredentials = z
  .object({
    url: z.string().openapi({ example: 'mqtts://mqtt.example.com:8883' }),
    client_id: z.string().openapi({ description: 'The only client id these credentials connect with' }),
    username: z.string(),
    password: z.string().openapi({ description: 'Fresh on every call; the previous one stops working' }),
    expires_at: z.iso.datetime().openapi({ description: 'Never later than the end of the session' }),
    topics: z.object({
      subscribe: z.array(z.string()).openapi({ example: ['system/health', 'org/{org}/events'] }),
      publish: z.array(z.string()),
    }),
  })
  .openapi('RealtimeCredentials');
export type RealtimeCredentials = z.infer<typeof RealtimeCredentials>;

/**
 * Broker credentials for the calling session ("token validation before connection"). The session is
 * re-checked in the database (revoked or expired → 401 `token_revoked`, and any broker client it still has
 * is deleted). Mosquitto: the session's client is created or refreshed with a fresh password and the
 * role generated for the caller's policy profile. IoT Core: the password is the access token itself,
 * checked by the custom authorizer on connect.
 *
 * @example
 * const creds = await withActor(actor, () => issueCredentials({ accessToken }));
 */
export async function issueCredentials(input: {
  accessToken: string;
  tokenExpiresAt: Date;
}): Promise<RealtimeCredentials> {
  const actor = useActor();
  if (actor.type !== 'user') {
    throw new AppError('permission_denied', 'Realtime credentials are issued to user sessions only');
  }
  const env = useEnv();
  const broker = useBroker();
  const state = (await sessionStates([actor.sessionId])).get(actor.sessionId);
  if (!isLive(state) || state.orgId !== actor.orgId || state.userId !== actor.userId) {
    await broker.deleteSessionClient(actor.sessionId);
    throw new AppError('token_revoked', 'The session of this token has ended');
  }
  const identity = {
    kind: 'user' as const,
    orgId: actor.orgId,
    role: actor.role,
    permissions: actor.permissions,
  };
  const topics = topicPolicy(identity);
  const url = env.MQTT_PUBLIC_URL ?? env.MQTT_URL;
  if (broker.kind === 'iot-core') {
    return {
      url,
      client_id: sessionClientId(actor.sessionId),
      username: sessionUsername(actor.sessionId),
      password: input.accessToken,
      expires_at: input.tokenExpiresAt.toISOString(),
      topics,
    };
  }
  const issued = await broker.upsertSessionClient(
    { sessionId: actor.sessionId, userId: actor.userId, orgId: actor.orgId, expiresAt: state.expiresAt },
    identity,
  );
  await Audit.record({
    type: 'realtime.credentials.issued',
    details: { session_id: actor.sessionId, client_id: issued.clientId, username: issued.username },
  });
  return {
    url,
    client_id: issued.clientId,
    username: issued.username,
    password: issued.password,
    expires_at: state.expiresAt.toISOString(),
    topics,
  };
}
