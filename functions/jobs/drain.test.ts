import { createJobQueue } from '@scip/kv';
import { describe, expect, it } from 'vitest';
import { drain } from './drain.ts';

const queueName = () => `test-drain-${Math.random().toString(36).slice(2)}`;

describe('drain', () => {
  it('runs batch after batch until nothing is due', async () => {
    const queue = createJobQueue({ name: queueName() });
    let runs = 0;
    queue.register('tick', () => {
      runs++;
    });
    await Promise.all(Array.from({ length: 12 }, (_, i) => queue.enqueue('tick', { i })));
    const summary = await drain(queue, { budgetMs: 30_000, batch: 5 });
    expect(summary).toEqual({ batches: 3, claimed: 12, succeeded: 12, retried: 0, dead: 0, lost: 0 });
    expect(runs).toBe(12);
  });

  it('starts no batch once the budget is spent', async () => {
    const queue = createJobQueue({ name: queueName() });
    queue.register('tick', () => {});
    await Promise.all(Array.from({ length: 6 }, () => queue.enqueue('tick', {})));
    let fakeNow = Date.now();
    // Each clock reading advances 10 s: the first batch starts inside the 15 s budget, the second does not.
    const summary = await drain(queue, { budgetMs: 15_000, batch: 2, now: () => (fakeNow += 10_000) });
    expect(summary.batches).toBe(1);
    expect(summary.claimed).toBe(2);
  });
});
