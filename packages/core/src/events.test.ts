import type { Sql } from '@scip/db';
import { setDbLogger, withTransaction } from '@scip/db';
import { adminPool, appPool, asOrg, createTestOrg, type TestOrg } from '@scip/db/test-support/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Events from './events.ts';

let app: Sql;
let admin: Sql;
let org: TestOrg;

beforeAll(async () => {
  app = appPool(1);
  admin = adminPool(1);
  org = await createTestOrg(admin, 'events');
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end()]);
});

describe('Events', () => {
  it('dispatches after commit with the emitter actor; drops on rollback; isolates failing handlers', async () => {
    const errors: unknown[] = [];
    setDbLogger({ debug: () => {}, error: (o) => errors.push(o) });
    const log: string[] = [];
    const offs = [
      Events.on<{ n: number }>('test.happened', () => {
        throw new Error('first handler fails');
      }),
      Events.on<{ n: number }>('test.happened', (p, meta) => {
        log.push(`${p.n}:${meta.actor.type === 'system' ? meta.actor.orgId : '?'}`);
      }),
    ];
    try {
      await asOrg(app, org.id, async () => {
        await Events.emit('test.happened', { n: 1 });
        log.push('body');
      });
      expect(log).toEqual(['body', `1:${org.id}`]);
      expect(errors).toHaveLength(1);

      await expect(
        asOrg(app, org.id, async () => {
          await Events.emit('test.happened', { n: 2 });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(log).toEqual(['body', `1:${org.id}`]);

      await asOrg(app, org.id, () => withTransaction(async () => Events.emit('test.happened', { n: 3 })));
      await Events.emit('test.happened', { n: 4 });
      expect(log.slice(2)).toEqual([`3:${org.id}`, '4:?']);
    } finally {
      for (const off of offs) off();
    }
    expect(Events.listenerCount('test.happened')).toBe(0);
  });
});
