import mqtt from 'mqtt';
import { StackError } from './process.ts';

export type DynsecCommand = { command: string } & Record<string, unknown>;
type DynsecResponse = { command: string; error?: string; data?: unknown };

/** Errors that mean "already as wanted" (or, for getClient, "not there yet"), so provisioning can rerun. */
const IDEMPOTENT = /already exists|not found/i;

/**
 * Sends one batch to the dynamic-security plugin over `$CONTROL/dynamic-security/v1` and returns the
 * responses in order. Throws on any error that is not an "already exists".
 */
export async function dynsec(
  url: string,
  auth: { username: string; password: string },
  commands: DynsecCommand[],
  timeoutMs = 5_000,
): Promise<DynsecResponse[]> {
  const client = await mqtt.connectAsync(url, { ...auth, reconnectPeriod: 0, connectTimeout: timeoutMs });
  try {
    const got = new Promise<DynsecResponse[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StackError('dynamic-security: no response')), timeoutMs);
      client.on('message', (_topic, payload) => {
        clearTimeout(timer);
        resolve((JSON.parse(payload.toString()) as { responses: DynsecResponse[] }).responses);
      });
    });
    await client.subscribeAsync('$CONTROL/dynamic-security/v1/response');
    await client.publishAsync('$CONTROL/dynamic-security/v1', JSON.stringify({ commands }));
    const responses = await got;
    const failed = responses.filter((r) => r.error && !IDEMPOTENT.test(r.error));
    if (failed.length > 0) {
      throw new StackError(`dynamic-security: ${failed.map((r) => `${r.command}: ${r.error}`).join('; ')}`);
    }
    return responses;
  } finally {
    await client.endAsync(true);
  }
}

export const PUBLISHER_ROLE = 'platform-publisher';

/** Whether the broker accepts these credentials (a throwaway connection, closed at once). */
async function canConnect(url: string, auth: { username: string; password: string }): Promise<boolean> {
  try {
    const probe = await mqtt.connectAsync(url, { ...auth, reconnectPeriod: 0, connectTimeout: 5_000 });
    await probe.endAsync(true);
    return true;
  } catch {
    return false;
  }
}

type Auth = { username: string; password: string };
type ClientInfo = { client?: { roles?: { rolename: string }[] } };

/**
 * Ensures the platform's publisher identity: may publish to org/# and system/#, nothing else by
 * default (H6 refines roles). Reads the current state first, because mosquitto 2.0 answers a repeated
 * addClientRole with "Internal error" instead of "already exists".
 */
export async function ensureServicePublisher(url: string, admin: Auth, service: Auth): Promise<void> {
  const [info] = await dynsec(url, admin, [{ command: 'getClient', username: service.username }]);
  const client = (info?.data as ClientInfo | undefined)?.client;
  const acl = (topic: string) => ({
    command: 'addRoleACL',
    rolename: PUBLISHER_ROLE,
    acltype: 'publishClientSend',
    topic,
    allow: true,
    priority: 0,
  });
  const commands: DynsecCommand[] = [
    { command: 'createRole', rolename: PUBLISHER_ROLE, textdescription: 'platform publisher (local stack)' },
    acl('org/#'),
    acl('system/#'),
  ];
  // setClientPassword disconnects every live connection of the user (mosquitto 2.0.11), so it is sent only
  // when the stored password no longer matches: a rerun of `up` must not kick in-flight platform publishes.
  if (!client) commands.push({ command: 'createClient', ...service, textdescription: 'platform publisher' });
  else if (!(await canConnect(url, service))) commands.push({ command: 'setClientPassword', ...service });
  if (!client?.roles?.some((r) => r.rolename === PUBLISHER_ROLE)) {
    commands.push({
      command: 'addClientRole',
      username: service.username,
      rolename: PUBLISHER_ROLE,
      priority: 0,
    });
  }
  await dynsec(url, admin, commands);
}
