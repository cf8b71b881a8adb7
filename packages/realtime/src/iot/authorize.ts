import { verifyAccessToken } from '@scip/auth';
import { useEnv } from '@scip/config';
import { topicPolicy } from '../policy.ts';
import { sessionClientId, sessionUsername } from '../session-client.ts';
import { type IotPolicyDocument, iotPolicyDocuments } from './policy-documents.ts';

/** The event AWS IoT Core sends a custom authorizer (the MQTT part of it). */
export interface IotAuthorizerEvent {
  token?: string;
  signatureVerified?: boolean;
  protocols?: string[];
  protocolData?: { mqtt?: { username?: string; password?: string; clientId?: string } };
  connectionMetadata?: { id?: string };
}

export interface IotAuthorizerResponse {
  isAuthenticated: boolean;
  principalId: string;
  disconnectAfterInSeconds: number;
  refreshAfterInSeconds: number;
  policyDocuments: IotPolicyDocument[];
}

export const REFRESH_AFTER_SECONDS = 300;
const MIN_DISCONNECT_SECONDS = 300;
const MAX_DISCONNECT_SECONDS = 86_400;

export type AuthorizeOutcome =
  | {
      ok: true;
      response: IotAuthorizerResponse;
      orgId: string;
      userId: string;
      sessionId: string;
      clientId: string;
    }
  | { ok: false; response: IotAuthorizerResponse; reason: string; clientId: string | undefined };

const deny = (reason: string, clientId: string | undefined): AuthorizeOutcome => ({
  ok: false,
  reason,
  clientId,
  response: {
    isAuthenticated: false,
    principalId: 'denied',
    disconnectAfterInSeconds: MIN_DISCONNECT_SECONDS,
    refreshAfterInSeconds: REFRESH_AFTER_SECONDS,
    policyDocuments: [],
  },
});

/**
 * Decides an MQTT connect to AWS IoT Core: the password is the base64 of an access token, verified by the
 * API's own `verifyAccessToken` (RS256, issuer, audience, expiry, revocation list); the client id and
 * username must be the ones bound to the token's session (so a token cannot open another session's or
 * another org's client); the policy comes from `topicPolicy`. The connection is cut when the token
 * expires (never sooner than 300 s, IoT's floor) and re-authorized every 300 s, which is this adapter's
 * revocation latency.
 */
export async function authorizeIotConnect(
  event: IotAuthorizerEvent,
  now = Date.now(),
): Promise<AuthorizeOutcome> {
  const mqtt = event.protocolData?.mqtt;
  const clientId = mqtt?.clientId;
  if (!mqtt?.password) return deny('no_password', clientId);
  const token = Buffer.from(mqtt.password, 'base64').toString('utf8');
  let claims: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    claims = await verifyAccessToken(token);
  } catch (error) {
    return deny((error as { code?: string }).code ?? 'invalid_token', clientId);
  }
  if (
    clientId !== sessionClientId(claims.session_id) ||
    mqtt.username !== sessionUsername(claims.session_id)
  ) {
    return deny('client_not_bound_to_session', clientId);
  }
  const env = useEnv();
  const policy = topicPolicy({
    kind: 'user',
    orgId: claims.org,
    role: claims.role,
    permissions: claims.permissions,
  });
  const remaining = Math.floor(claims.exp - now / 1000);
  return {
    ok: true,
    orgId: claims.org,
    userId: claims.sub,
    sessionId: claims.session_id,
    clientId,
    response: {
      isAuthenticated: true,
      principalId: `s${claims.session_id.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 128),
      disconnectAfterInSeconds: Math.min(MAX_DISCONNECT_SECONDS, Math.max(MIN_DISCONNECT_SECONDS, remaining)),
      refreshAfterInSeconds: REFRESH_AFTER_SECONDS,
      policyDocuments: iotPolicyDocuments(policy, {
        arnPrefix: env.IOT_ARN_PREFIX,
        topicPrefix: env.IOT_TOPIC_PREFIX,
        clientId,
      }),
    },
  };
}
