import { withActor } from '@scip/context';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCommit, setSql, useTransaction } from './index.ts';
import { transactional } from './middleware.ts';
import type { Sql } from './sql.ts';
import { adminPool, appPool, asOrg, createTestOrg, systemActor, type TestOrg } from './test-support/index.ts';

let app: Sql;
let admin: Sql;
let org: TestOrg;
const effects: string[] = [];

function server() {
  const web = new Hono();
  web.use('*', (_c, next) => withActor(systemActor(org.id), next));
  web.use('*', transactional());
  web.post('/settings/:key', async (c) => {
    const tx = useTransaction();
    await tx`insert into app.organization_settings (key, value) values (${c.req.param('key')}, '1')`;
    afterCommit(() => {
      effects.push(c.req.param('key'));
    });
    if (c.req.query('fail')) throw new Error('handler failed');
    return c.json({ ok: true }, 201);
  });
  web.onError((_error, c) => c.json({ error: 'internal' }, 500));
  return web;
}

const exists = async (key: string) =>
  (await asOrg(admin, org.id, (tx) => tx`select 1 from app.organization_settings where key = ${key}`))
    .length === 1;

beforeAll(async () => {
  app = appPool(2);
  admin = adminPool(1);
  setSql(app);
  org = await createTestOrg(admin, 'mw');
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end()]);
});

describe('transactional()', () => {
  it('commits the request and runs its effects before the response is returned', async () => {
    const res = await server().request('/settings/mw.ok', { method: 'POST' });
    expect(res.status).toBe(201);
    expect(effects).toEqual(['mw.ok']);
    expect(await exists('mw.ok')).toBe(true);
  });

  it('rolls back and drops effects when the handler throws; the error response still goes out', async () => {
    const res = await server().request('/settings/mw.fail?fail=1', { method: 'POST' });
    expect(res.status).toBe(500);
    expect(effects).toEqual(['mw.ok']);
    expect(await exists('mw.fail')).toBe(false);
  });
});
