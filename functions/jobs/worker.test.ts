import { createJobQueue } from '@scip/kv';
import { describe, expect, it } from 'vitest';
import { createJobsHandler } from './runner.ts';
import { startWorker } from './worker.ts';

describe('job worker process', () => {
  it('keeps draining the queue until stopped', async () => {
    const queue = createJobQueue({ name: `test-worker-${Math.random().toString(36).slice(2)}` });
    const done: number[] = [];
    let finished: () => void = () => {};
    const allDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    queue.register('step', (payload: { n: number }) => {
      done.push(payload.n);
      if (done.length === 3) finished();
    });
    const worker = startWorker(createJobsHandler(queue), 20);
    try {
      // Enqueued after the worker started: only a later tick can pick them up.
      for (const n of [1, 2, 3]) await queue.enqueue('step', { n });
      await allDone;
    } finally {
      await worker.stop();
    }
    expect(done.sort()).toEqual([1, 2, 3]);
  });
});
