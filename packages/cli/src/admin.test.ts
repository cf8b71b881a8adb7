import { changePassword, Password } from '@scip/auth';
import { withActor } from '@scip/context';
import type { Sql } from '@scip/db';
import { adminPool, asOrg, ownerPool, randomSlug } from '@scip/db/test-support/index';
import { Blacklist } from '@scip/kv';
import { SUBSCRIBE_PERMISSION } from '@scip/realtime/policy';
import { connect, dropped, eventually, refusal, stackBroker } from '@scip/realtime/test-support/mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from './test-support/run.ts';

const { broker } = stackBroker();
let adminSql: Sql;
let owner: Sql;
const slug = randomSlug('cli');
const password = 'Tangerine-Harbor-Lantern-42';
let orgId: string;

beforeAll(async () => {
  adminSql = adminPool(1);
  owner = ownerPool(1);
});
afterAll(async () => {
  await Promise.all([adminSql.end(), owner.end(), broker.close()]);
});

// Each call starts a Node process (~1–4 s on a loaded machine), hence the generous per-test timeout.
describe('npm run admin', { timeout: 120_000 }, () => {
  it('org create prints { id, slug, name }; a duplicate slug fails with already_exists on stderr', async () => {
    const created = await admin('org', 'create', '--name', 'CLI Org', '--slug', slug);
    expect(created.code).toBe(0);
    expect(Object.keys(created.out as object).sort()).toEqual(['id', 'name', 'slug']);
    expect(created.out).toMatchObject({ slug, name: 'CLI Org' });
    orgId = (created.out as { id: string }).id;
    const again = await admin('org', 'create', '--name', 'CLI Org', '--slug', slug);
    expect(again).toMatchObject({ code: 1, out: null, err: { error: { code: 'already_exists' } } });
  });

  it('user create enforces role and password policy, then prints { id, email, organization_id, role }', async () => {
    const email = `ops@${slug}.test`;
    const weak = await admin(
      'user',
      'create',
      '--org',
      slug,
      '--email',
      email,
      '--password',
      'password1',
      '--role',
      'member',
    );
    expect(weak).toMatchObject({ code: 1, err: { error: { code: 'password_too_weak' } } });
    const badRole = await admin(
      'user',
      'create',
      '--org',
      slug,
      '--email',
      email,
      '--password',
      password,
      '--role',
      'root',
    );
    expect(badRole).toMatchObject({ code: 1, err: { error: { code: 'validation_failed' } } });
    const noOrg = await admin(
      'user',
      'create',
      '--org',
      'no-such-org-x',
      '--email',
      email,
      '--password',
      password,
      '--role',
      'member',
    );
    expect(noOrg).toMatchObject({ code: 1, err: { error: { code: 'not_found' } } });
    const ok = await admin(
      'user',
      'create',
      '--org',
      slug,
      '--email',
      email,
      '--password',
      password,
      '--role',
      'org_admin',
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toEqual({ id: expect.any(String), email, organization_id: orgId, role: 'org_admin' });
    const [row] = await asOrg(
      adminSql,
      orgId,
      (tx) => tx`select password_hash from app.users where email = ${email}`,
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const list = await admin('user', 'list', '--org', slug);
    expect((list.out as { users: { email: string }[] }).users.map((u) => u.email)).toEqual([email]);
  });

  it('user disable ends every session at once, MQTT included, and is audited as the CLI', async () => {
    const email = `ops@${slug}.test`;
    const [session] = await asOrg(
      adminSql,
      orgId,
      (tx) => tx`
      insert into app.user_sessions (user_id, expires_at)
      select id, now() + interval '1 day' from app.users where email = ${email} returning id, user_id, expires_at`,
    );
    // A live MQTT connection of that session, with credentials issued the way the realtime route does.
    const issued = await broker.upsertSessionClient(
      { orgId, userId: session?.user_id, sessionId: session?.id, expiresAt: session?.expires_at },
      { kind: 'user', orgId, role: 'org_admin', permissions: [SUBSCRIBE_PERMISSION] },
    );
    const creds = { clientId: issued.clientId, username: issued.username, password: issued.password };
    const client = await connect(creds);
    let droppedWith: number | 'closed' | undefined;
    void dropped(client).then((reason) => {
      droppedWith = reason;
    });

    const res = await admin('user', 'disable', '--org', slug, '--email', email);
    expect(res.code).toBe(0);
    expect(res.out).toEqual({ id: session?.user_id, disabled: true, sessions_revoked: 1 });
    await eventually('MQTT connection dropped', () => droppedWith !== undefined, 5_000);
    expect(await refusal(creds)).not.toBe('connected');
    const [after] = await asOrg(
      adminSql,
      orgId,
      (tx) => tx`
      select s.revoked_at, s.revoked_reason, u.disabled_at from app.user_sessions s join app.users u on u.id = s.user_id
      where s.id = ${session?.id}`,
    );
    expect(after?.revoked_at).toBeInstanceOf(Date);
    expect(after?.revoked_reason).toBe('user_disabled');
    expect(after?.disabled_at).toBeInstanceOf(Date);
    expect(await Blacklist.isRevoked({ sessionId: session?.id as string })).toBe(true);
    const actors = await asOrg(
      adminSql,
      orgId,
      (tx) => tx`
      select distinct actor from audit.log where organization_id = ${orgId} and table_name = 'app.users'`,
    );
    expect(actors.map((a) => a.actor)).toEqual(['system:admin-cli']);
    const missing = await admin('user', 'disable', '--org', slug, '--email', 'nobody@x.test');
    expect(missing).toMatchObject({ code: 1, err: { error: { code: 'not_found' } } });
  });

  it('audit verify reports ok, then the first tampered row with exit code 1', async () => {
    const ok = await admin('audit', 'verify', '--org', slug);
    expect(ok.code).toBe(0);
    expect(ok.out).toEqual({ ok: true, checked: expect.any(Number) });
    const [victim] = await asOrg(
      adminSql,
      orgId,
      (tx) => tx`
      select id from audit.log where organization_id = ${orgId} and table_name = 'app.users' order by seq limit 1`,
    );
    await owner.begin(async (tx) => {
      await tx`alter table audit.log no force row level security`;
      await tx`update audit.log set actor = 'someone-else' where id = ${victim?.id}`;
      await tx`alter table audit.log force row level security`;
    });
    const bad = await admin('audit', 'verify', '--org', slug);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatchObject({ ok: false, first_bad_id: victim?.id });
  });

  it('unknown commands and options are validation errors', async () => {
    expect(await admin('org', 'explode')).toMatchObject({
      code: 1,
      err: { error: { code: 'validation_failed' } },
    });
    expect(await admin('org', 'list', '--colour', 'red')).toMatchObject({
      code: 1,
      err: { error: { code: 'validation_failed' } },
    });
  });

  it('user create puts the initial password in the reuse window: changing back to it is password_reused', async () => {
    const email = `history@${slug}.test`;
    const created = await admin(
      'user',
      'create',
      '--org',
      slug,
      '--email',
      email,
      '--password',
      password,
      '--role',
      'member',
    );
    expect(created.code).toBe(0);
    const userId = created.out.id as string;
    const [session] = await asOrg(
      adminSql,
      orgId,
      (tx) => tx`
      insert into app.user_sessions (user_id, expires_at) values (${userId}, now() + interval '1 day') returning id`,
    );
    const actor = {
      type: 'user',
      userId,
      orgId,
      sessionId: session?.id,
      role: 'member',
      permissions: [],
    } as const;
    const change = (current: string, next: string) =>
      withActor(actor, () => changePassword(current, next)).then(
        () => 'changed',
        (error: { code?: string }) => error.code,
      );
    const next = 'Juniper-Quarry-Beacon-77';
    expect(await change(password, password)).toBe('password_reused');
    expect(await change(password, next)).toBe('changed');
    expect(await change(next, password)).toBe('password_reused');
    // The history holds replaced hashes (the current one is checked from app.users): the initial one, once.
    const history = await asOrg(
      adminSql,
      orgId,
      (tx) => tx`select password_hash from app.password_history where user_id = ${userId}`,
    );
    expect(history).toHaveLength(1);
    expect(await Password.verify(history[0]?.password_hash, password)).toBe(true);
  });
});
