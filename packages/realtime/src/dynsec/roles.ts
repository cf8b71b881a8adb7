import { policyProfile, type TopicIdentity, topicPolicy } from '../policy.ts';
import { aclKey, aclsFor, type DynsecAcl } from './acls.ts';
import { brokerRefused, type DynsecCommandClient } from './command-client.ts';

/** `scip-org-{org}-{profile}`: one role per organization and policy profile. */
export function orgRoleName(identity: Extract<TopicIdentity, { kind: 'user' }>): string {
  return `scip-org-${identity.orgId}-${policyProfile(identity)}`;
}

export const SERVICE_ROLE = 'scip-service';

/** Roles this process already knows to be in sync, with the ACL key they were synced to. */
const synced = new WeakMap<DynsecCommandClient, Map<string, string>>();

/** Drops a role from this process's cache (after deleting it). */
export function forgetRole(dynsec: DynsecCommandClient, rolename: string): void {
  synced.get(dynsec)?.delete(rolename);
}

/**
 * Makes role `rolename` carry exactly `acls`. A missing role is created; a role whose ACLs differ (the
 * policy function changed) is corrected ACL by ACL — Mosquitto then disconnects the role's holders, who
 * reconnect under the new rules. Cached per process after the first check.
 */
export async function syncRole(
  dynsec: DynsecCommandClient,
  rolename: string,
  acls: DynsecAcl[],
): Promise<void> {
  const cache = synced.get(dynsec) ?? new Map<string, string>();
  synced.set(dynsec, cache);
  const wanted = aclKey(acls);
  if (cache.get(rolename) === wanted) return;

  const current = await dynsec.send({ command: 'getRole', rolename });
  if (current.error) {
    const created = await dynsec.send({ command: 'createRole', rolename, acls });
    // "already exists": a concurrent creator won the race with the same generated ACLs.
    if (created.error && !/already exists/i.test(created.error)) throw brokerRefused(created);
  } else {
    const role = current.data?.role as { acls?: DynsecAcl[] } | undefined;
    const have = role?.acls ?? [];
    if (aclKey(have) !== wanted) {
      await correct(dynsec, rolename, have, acls);
      await kickHolders(dynsec, rolename);
    }
  }
  cache.set(rolename, wanted);
}

async function correct(dynsec: DynsecCommandClient, rolename: string, have: DynsecAcl[], want: DynsecAcl[]) {
  const key = (a: DynsecAcl) => aclKey([a]);
  const wantKeys = new Set(want.map(key));
  const haveKeys = new Set(have.map(key));
  for (const acl of have.filter((a) => !wantKeys.has(key(a)))) {
    // removeRoleACL matches by type and topic; a wanted ACL of the same pair is re-added below.
    await dynsec.run({ command: 'removeRoleACL', rolename, acltype: acl.acltype, topic: acl.topic });
  }
  for (const acl of want.filter((a) => !haveKeys.has(key(a)))) {
    await dynsec.run({ command: 'addRoleACL', rolename, ...acl });
  }
}

/**
 * Mosquitto 2.0.11 applies role edits to later operations only (verified: add/remove/modify of a role
 * disconnects nobody), so holders are kicked — disable + enable, which drops the connection (reason 152)
 * and lets it reconnect under the new rules.
 */
async function kickHolders(dynsec: DynsecCommandClient, rolename: string): Promise<void> {
  const data = await dynsec.run({ command: 'listClients', verbose: true });
  const clients = (data?.clients ?? []) as { username: string; roles?: { rolename: string }[] }[];
  for (const c of clients.filter((c) => c.roles?.some((r) => r.rolename === rolename))) {
    await dynsec.run({ command: 'disableClient', username: c.username });
    await dynsec.run({ command: 'enableClient', username: c.username });
  }
}

/** Creates or corrects the broker role of every policy profile of an organization. */
export async function syncRoleFor(dynsec: DynsecCommandClient, identity: TopicIdentity): Promise<string> {
  if (identity.kind === 'service') {
    await syncRole(dynsec, SERVICE_ROLE, aclsFor(topicPolicy(identity)));
    return SERVICE_ROLE;
  }
  const rolename = orgRoleName(identity);
  await syncRole(dynsec, rolename, aclsFor(topicPolicy(identity)));
  return rolename;
}
