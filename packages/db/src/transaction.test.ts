import { useEnv } from '@scip/config';
import { withActor, withRequest } from '@scip/context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDbLogger } from './logger.ts';
import type { Sql } from './sql.ts';
import { adminPool, appPool, asOrg, createTestOrg, systemActor, type TestOrg } from './test-support/index.ts';
import { afterCommit, useTransaction, withTransaction } from './transaction.ts';

let app: Sql;
let admin: Sql;
let org: TestOrg;

beforeAll(async () => {
  app = appPool(2);
  admin = adminPool(1);
  org = await createTestOrg(admin, 'tx');
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end()]);
});

const inOrg = <T>(fn: () => Promise<T>) => withActor(systemActor(org.id), fn);

describe('withTransaction', () => {
  it('sets the context from the ambient actor and request, transaction-locally', async () => {
    const actor = {
      type: 'user' as const,
      userId: org.userId,
      orgId: org.id,
      sessionId: 's',
      role: 'org_admin' as const,
      permissions: [],
    };
    const row = await withRequest({ requestId: 'req-ctx-1', clientIp: '203.0.113.9' }, () =>
      withActor(actor, () =>
        withTransaction(
          async (tx) =>
            (
              await tx`
            select current_setting('app.org_id', true) as org, current_setting('app.user_id', true) as uid,
                   current_setting('app.request_id', true) as rid, current_setting('app.client_ip', true) as ip,
                   current_setting('app.actor', true) as actor`
            )[0],
          { sql: app },
        ),
      ),
    );
    expect(row).toEqual({
      org: org.id,
      uid: org.userId,
      rid: 'req-ctx-1',
      ip: '203.0.113.9',
      actor: `user:${org.userId}`,
    });
  });

  it('sets statement_timeout per transaction (PgBouncer ignores it as a startup parameter)', async () => {
    const [row] = await inOrg(() =>
      withTransaction(
        (tx) =>
          tx`select (extract(epoch from current_setting('statement_timeout')::interval) * 1000)::int as t`,
        { sql: app },
      ),
    );
    expect(row?.t).toBe(useEnv().DATABASE_STATEMENT_TIMEOUT_MS);
  });

  it('joins when nested: one backend transaction', async () => {
    const [outer, inner] = await inOrg(() =>
      withTransaction(
        async (tx) => {
          const [a] = await tx`select txid_current() as id`;
          const b = await withTransaction(async (tx2) => (await tx2`select txid_current() as id`)[0]);
          expect(useTransaction()).toBe(tx);
          return [a?.id, b?.id];
        },
        { sql: app },
      ),
    );
    expect(inner).toBe(outer);
  });

  it('refuses to nest under another organization', async () => {
    await expect(
      inOrg(() =>
        withTransaction(() => withActor(systemActor(), () => withTransaction(async () => 1)), { sql: app }),
      ),
    ).rejects.toThrow(/different organization/);
  });

  it('useTransaction and afterCommit throw outside a transaction', () => {
    expect(() => useTransaction()).toThrow(/not inside/);
    expect(() => afterCommit(() => {})).toThrow(/not inside/);
  });
});

describe('afterCommit', () => {
  it('runs effects only after COMMIT, in order, when the data is visible to other connections', async () => {
    const seen: string[] = [];
    const key = `after.commit.${Date.now()}`;
    await inOrg(() =>
      withTransaction(
        async (tx) => {
          await tx`insert into app.organization_settings (key, value) values (${key}, ${tx.json({ a: 1 })})`;
          afterCommit(async () => {
            // A different connection (admin pool) sees the row: the transaction has committed.
            const rows = await asOrg(
              admin,
              org.id,
              (t) => t`select 1 from app.organization_settings where key = ${key}`,
            );
            seen.push(`first:${rows.length}`);
          });
          afterCommit(() => {
            seen.push('second');
          });
          seen.push('body');
        },
        { sql: app },
      ),
    );
    expect(seen).toEqual(['body', 'first:1', 'second']);
  });

  it('drops effects when the transaction rolls back', async () => {
    const seen: string[] = [];
    await expect(
      inOrg(() =>
        withTransaction(
          async () => {
            afterCommit(() => {
              seen.push('effect');
            });
            throw new Error('boom');
          },
          { sql: app },
        ),
      ),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([]);
  });

  it('logs failing optional effects, keeps running the rest, and throws a required one after commit', async () => {
    const logged: unknown[] = [];
    setDbLogger({ debug: () => {}, error: (obj) => logged.push(obj) });
    const seen: string[] = [];
    const result = await inOrg(() =>
      withTransaction(
        async () => {
          afterCommit(
            () => {
              throw new Error('optional failed');
            },
            { name: 'optional' },
          );
          afterCommit(() => {
            seen.push('still runs');
          });
          return 'committed';
        },
        { sql: app },
      ),
    );
    expect(result).toBe('committed');
    expect(seen).toEqual(['still runs']);
    expect(logged).toHaveLength(1);

    const key = `required.${Date.now()}`;
    await expect(
      inOrg(() =>
        withTransaction(
          async (tx) => {
            await tx`insert into app.organization_settings (key, value) values (${key}, ${tx.json(true)})`;
            afterCommit(
              () => {
                throw new Error('required failed');
              },
              { required: true, name: 'required' },
            );
          },
          { sql: app },
        ),
      ),
    ).rejects.toThrow('required failed');
    // The data stayed committed.
    const rows = await asOrg(
      admin,
      org.id,
      (t) => t`select 1 from app.organization_settings where key = ${key}`,
    );
    expect(rows).toHaveLength(1);
  });
});
