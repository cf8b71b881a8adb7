import { randomBytes } from 'node:crypto';
import type { IssuedClient, RealtimeBroker } from '../broker.ts';
import { allProfiles, type TopicIdentity } from '../policy.ts';
import {
  type SessionClientInfo,
  sessionClientId,
  sessionIdOfUsername,
  sessionUsername,
} from '../session-client.ts';
import { brokerRefused, type DynsecCommandClient } from './command-client.ts';
import { forgetRole, orgRoleName, syncRoleFor } from './roles.ts';

type UserIdentity = Extract<TopicIdentity, { kind: 'user' }>;

interface ListedClient {
  username: string;
  textdescription?: string;
}

function describe(info: SessionClientInfo): string {
  return JSON.stringify({
    session: info.sessionId,
    user: info.userId,
    org: info.orgId,
    exp: Math.floor(info.expiresAt.getTime() / 1000),
  });
}

function parseDescription(client: ListedClient): SessionClientInfo | undefined {
  const sessionId = sessionIdOfUsername(client.username);
  if (!sessionId) return undefined;
  try {
    const d = JSON.parse(client.textdescription ?? '') as { user: string; org: string; exp: number };
    return { sessionId, userId: d.user, orgId: d.org, expiresAt: new Date(d.exp * 1000) };
  } catch {
    // A session client without readable facts is treated as already expired: the sweep removes it.
    return { sessionId, userId: '', orgId: '', expiresAt: new Date(0) };
  }
}

/** The Mosquitto dynamic-security adapter of `RealtimeBroker`. */
export function mosquittoBroker(dynsec: DynsecCommandClient): RealtimeBroker {
  return {
    kind: 'mosquitto',

    async ensureOrgRoles(orgId) {
      for (const identity of allProfiles(orgId)) await syncRoleFor(dynsec, identity);
    },

    async removeOrgRoles(orgId) {
      for (const identity of allProfiles(orgId)) {
        const rolename = orgRoleName(identity);
        const response = await dynsec.send({ command: 'deleteRole', rolename });
        if (response.error && !/not found/i.test(response.error)) throw brokerRefused(response);
        forgetRole(dynsec, rolename);
      }
    },

    async upsertSessionClient(info: SessionClientInfo, identity: UserIdentity): Promise<IssuedClient> {
      const rolename = await syncRoleFor(dynsec, identity);
      const username = sessionUsername(info.sessionId);
      const clientId = sessionClientId(info.sessionId);
      const password = randomBytes(32).toString('base64url');
      const fields = {
        username,
        password,
        clientid: clientId,
        textname: 'scip session',
        textdescription: describe(info),
        roles: [{ rolename }],
      };
      const created = await dynsec.send({ command: 'createClient', ...fields });
      if (created.error) {
        if (!/already exists/i.test(created.error)) throw brokerRefused(created);
        // One modifyClient: new password, role and expiry at once (Mosquitto drops the live connection).
        await dynsec.run({ command: 'modifyClient', ...fields });
      }
      return { clientId, username, password };
    },

    async deleteSessionClient(sessionId) {
      const response = await dynsec.send({ command: 'deleteClient', username: sessionUsername(sessionId) });
      if (response.error && !/not found/i.test(response.error)) throw brokerRefused(response);
    },

    async listSessionClients() {
      const data = await dynsec.run({ command: 'listClients', verbose: true });
      const clients = (data?.clients ?? []) as ListedClient[];
      return clients.map(parseDescription).filter((c): c is SessionClientInfo => c !== undefined);
    },

    close: () => dynsec.close(),
  };
}
