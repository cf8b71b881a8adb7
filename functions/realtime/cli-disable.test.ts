import { spawn } from 'node:child_process';
import { adminPool, asOrg } from '@scip/db/test-support/index';
import { SUBSCRIBE_PERMISSION } from '@scip/realtime/policy';
import { connect, dropped, eventually, refusal, stackBroker } from '@scip/realtime/test-support/mqtt';
import { closeTestPool, testOrg, testSession } from '@scip/realtime/test-support/sessions';
import { afterAll, describe, expect, it } from 'vitest';

const admin = adminPool(1);
const { broker } = stackBroker();
afterAll(async () => {
  await admin.end({ timeout: 5 });
  await broker.close();
  await closeTestPool();
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'packages/cli/src/admin.ts', ...args], { env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('operator CLI `user disable`', () => {
  it('drops the user’s live MQTT connection, and the old password no longer connects', async () => {
    const org = await testOrg();
    const [user] = await asOrg(
      admin,
      org.orgId,
      (tx) => tx`select email from app.users where id = ${org.userId}`,
    );
    const session = await testSession(org);
    const issued = await broker.upsertSessionClient(session, {
      kind: 'user',
      orgId: org.orgId,
      role: 'observer',
      permissions: [SUBSCRIBE_PERMISSION],
    });
    const client = await connect(issued);
    let reason: number | 'closed' | undefined;
    void dropped(client).then((r) => {
      reason = r;
    });
    const result = await cli(['user', 'disable', '--org', org.slug, '--email', String(user?.email)]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: org.userId, disabled: true });
    // The broker client was deleted inside the CLI before it reported success.
    await eventually('drop after user disable', () => reason !== undefined, 1_000);
    expect(reason).toBe(152);
    expect(await refusal(issued)).toBe(135);
  });
});
