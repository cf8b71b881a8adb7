import { randomUUID } from 'node:crypto';
import { type Actor, useActor } from '@scip/context';
import { Jobs } from '@scip/kv';
import { describe, expect, it } from 'vitest';
import { handler } from './index.ts';

describe('jobs function handler', () => {
  it('runs the default queue’s due jobs as the system actor', async () => {
    const type = `test.actor.${randomUUID()}`;
    const actors: Actor[] = [];
    Jobs.register(type, () => {
      actors.push(useActor());
    });
    const { id } = await Jobs.enqueue(type, {});
    const summary = await handler({}, { getRemainingTimeInMillis: () => 30_000 });
    expect(summary.succeeded).toBeGreaterThanOrEqual(1);
    expect(actors).toEqual([{ type: 'system', reason: 'jobs' }]);
    expect((await Jobs.status(id))?.status).toBe('succeeded');
  });
});
