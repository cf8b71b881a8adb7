// First: on Lambda, SST-bound secrets must be in process.env before anything reads it.
import '@scip/config/lambda-bootstrap';
import { withActor } from '@scip/context';
import { Audit } from '@scip/core';
import { useLogger } from '@scip/http';
import {
  authorizeIotConnect,
  type IotAuthorizerEvent,
  type IotAuthorizerResponse,
} from '@scip/realtime/iot/authorize';

/**
 * AWS IoT Core custom authorizer (infra/mqtt.ts). Every MQTT connect — and every re-authorization after
 * `refreshAfterInSeconds` — comes through here, so this is also where the managed broker's connections are
 * audited: an authorized connect is recorded in the organization's audit chain; a refusal is logged
 * with the client id and reason (a refused token names no trustworthy organization to charge it to,
 * except a valid token used with another session's client id, which is recorded in its own org).
 */
export async function handler(event: IotAuthorizerEvent): Promise<IotAuthorizerResponse> {
  const outcome = await authorizeIotConnect(event);
  const connectionId = event.connectionMetadata?.id;
  if (outcome.ok) {
    await withActor({ type: 'system', reason: 'mqtt-authorizer', orgId: outcome.orgId }, () =>
      Audit.record({
        type: 'realtime.connect.authorized',
        details: {
          client_id: outcome.clientId,
          user_id: outcome.userId,
          session_id: outcome.sessionId,
          connection_id: connectionId ?? null,
        },
      }),
    ).catch((error) => useLogger().error({ err: error }, 'mqtt-authorizer: audit failed'));
  } else {
    useLogger().warn(
      { client_id: outcome.clientId ?? null, connection_id: connectionId ?? null, reason: outcome.reason },
      'mqtt connect refused',
    );
  }
  return outcome.response;
}
