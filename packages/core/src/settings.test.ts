import type { Sql } from '@scip/db';
import { adminPool, appPool, asOrg, createTestOrg, type TestOrg } from '@scip/db/test-support/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Settings from './settings.ts';

let app: Sql;
let admin: Sql;
let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  app = appPool(2);
  admin = adminPool(1);
  a = await createTestOrg(admin, 'set-a');
  b = await createTestOrg(admin, 'set-b');
});
afterAll(async () => {
  await Promise.all([app.end(), admin.end()]);
});

describe('Settings', () => {
  it('set/get/list per organization, with optimistic locking', async () => {
    const first = await asOrg(app, a.id, () => Settings.set('exercise.duration', { minutes: 90 }));
    expect(first).toMatchObject({ key: 'exercise.duration', value: { minutes: 90 }, version: 1 });
    const second = await asOrg(app, a.id, () =>
      Settings.set('exercise.duration', { minutes: 60 }, { version: 1 }),
    );
    expect(second.version).toBe(2);
    await expect(
      asOrg(app, a.id, () => Settings.set('exercise.duration', { minutes: 30 }, { version: 1 })),
    ).rejects.toMatchObject({ code: 'version_conflict' });
    expect(await asOrg(app, b.id, () => Settings.get('exercise.duration'))).toBeUndefined();
    expect((await asOrg(app, a.id, () => Settings.list())).map((s) => s.key)).toEqual(['exercise.duration']);
    expect(await asOrg(app, a.id, () => Settings.remove('exercise.duration'))).toBe(true);
    expect(await asOrg(app, a.id, () => Settings.get('exercise.duration'))).toBeUndefined();
    expect((await asOrg(app, a.id, () => Settings.set('exercise.duration', 5))).version).toBe(1);
  });
});
