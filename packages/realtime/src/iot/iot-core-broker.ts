import type { RealtimeBroker } from '../broker.ts';

/**
 * AWS IoT Core keeps no per-session broker state: clients connect with their access token, and the
 * custom authorizer (functions/mqtt-authorizer) verifies it — signature, expiry, blacklist — and returns a
 * policy generated from `topicPolicy`. Revocation therefore reaches a live connection at the latest after
 * `refreshAfterInSeconds` (300 s), when IoT Core calls the authorizer again; a revoked token is refused.
 */
export function iotCoreBroker(): RealtimeBroker {
  return {
    kind: 'iot-core',
    ensureOrgRoles: async () => {},
    removeOrgRoles: async () => {},
    upsertSessionClient: async () => {
      throw new Error('iot-core: credentials are the access token itself (see credentials.ts)');
    },
    deleteSessionClient: async () => {},
    listSessionClients: async () => [],
    close: async () => {},
  };
}
