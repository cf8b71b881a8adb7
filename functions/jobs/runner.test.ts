import { type Actor, useActor } from '@scip/context';
import { createJobQueue } from '@scip/kv';
import { describe, expect, it } from 'vitest';
import { createJobsHandler } from './runner.ts';

describe('jobs function handler', () => {
  it('runs the queue’s due jobs as the system actor and reports what it did', async () => {
    const queue = createJobQueue({ name: `test-runner-${Math.random().toString(36).slice(2)}` });
    const actors: Actor[] = [];
    queue.register('who-am-i', () => {
      actors.push(useActor());
    });
    queue.register('broken', () => {
      throw new Error('nope');
    });
    const { id } = await queue.enqueue('who-am-i', {});
    await queue.enqueue('broken', {}, { maxAttempts: 1 });
    const summary = await createJobsHandler(queue)({}, { getRemainingTimeInMillis: () => 30_000 });
    expect(summary).toMatchObject({ claimed: 2, succeeded: 1, dead: 1 });
    expect(actors).toEqual([{ type: 'system', reason: 'jobs' }]);
    expect((await queue.status(id))?.status).toBe('succeeded');
  });
});
