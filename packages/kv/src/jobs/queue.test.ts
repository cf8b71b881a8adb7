import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { unique } from '../test-support/dead-redis.ts';
import { backoffSeconds, createJobQueue } from './queue.ts';

const queue = () => createJobQueue({ name: unique('test-queue') });
const SECOND = 1000;

describe('job queue', () => {
  it('runs a due job once with its payload and records success', async () => {
    const q = queue();
    const seen: unknown[] = [];
    q.register('echo', (payload) => {
      seen.push(payload);
    });
    const payloads = [{ to: 'a@example.com', tags: ['x', 1] }, '7', null, [], 'ünï'];
    const ids = await Promise.all(payloads.map((p) => q.enqueue('echo', p)));
    expect((await q.status(ids[0]?.id ?? ''))?.status).toBe('queued');
    const summary = await q.runDue();
    expect(summary).toEqual({ claimed: 5, succeeded: 5, retried: 0, dead: 0, lost: 0 });
    expect(seen).toHaveLength(5);
    expect(seen).toEqual(expect.arrayContaining(payloads));
    const job = await q.status(ids[0]?.id ?? '');
    expect(job).toMatchObject({ type: 'echo', status: 'succeeded', attempts: 1, payload: payloads[0] });
    expect((await q.runDue()).claimed).toBe(0);
  });

  it('holds a delayed job until it is due', async () => {
    const q = queue();
    let runs = 0;
    q.register('later', () => {
      runs++;
    });
    const now = Date.now();
    const { id } = await q.enqueue('later', {}, { delaySeconds: 60 });
    expect((await q.runDue({ now })).claimed).toBe(0);
    expect((await q.runDue({ now: now + 61 * SECOND })).succeeded).toBe(1);
    expect(runs).toBe(1);
    expect((await q.status(id))?.status).toBe('succeeded');
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const q = queue();
    let calls = 0;
    q.register('flaky', () => {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
    });
    const now = Date.now();
    const { id } = await q.enqueue('flaky', { n: 1 }, { backoffSeconds: 10, maxAttempts: 5 });
    expect(await q.runDue({ now })).toMatchObject({ claimed: 1, retried: 1 });
    expect(await q.status(id)).toMatchObject({ status: 'retrying', attempts: 1, lastError: 'boom 1' });
    expect((await q.runDue({ now: now + 9 * SECOND })).claimed).toBe(0);
    expect(await q.runDue({ now: now + 10 * SECOND })).toMatchObject({ claimed: 1, retried: 1 });
    // second retry waits 20 s after the second attempt's run time
    expect((await q.runDue({ now: now + 29 * SECOND })).claimed).toBe(0);
    expect(await q.runDue({ now: now + 30 * SECOND })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await q.status(id)).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(calls).toBe(3);
  });

  it('moves a job to the dead-letter list after maxAttempts', async () => {
    const q = queue();
    q.register('doomed', () => {
      throw new Error('always');
    });
    const now = Date.now();
    const { id } = await q.enqueue('doomed', {}, { maxAttempts: 2, backoffSeconds: 1 });
    expect((await q.runDue({ now })).retried).toBe(1);
    expect((await q.runDue({ now: now + 2 * SECOND })).dead).toBe(1);
    expect(await q.status(id)).toMatchObject({ status: 'dead', attempts: 2, lastError: 'always' });
    expect(await q.deadLetters()).toEqual([id]);
    expect((await q.runDue({ now: now + 3600 * SECOND })).claimed).toBe(0);
  });

  it('fails (and retries) a job whose type has no handler', async () => {
    const q = queue();
    const { id } = await q.enqueue('nobody-handles-this', {}, { maxAttempts: 3 });
    expect((await q.runDue()).retried).toBe(1);
    expect((await q.status(id))?.lastError).toMatch(/No handler registered/);
  });

  it('never runs a job twice when two runners drain the queue concurrently', async () => {
    const name = unique('test-queue');
    const runners = [createJobQueue({ name }), createJobQueue({ name })];
    const executions = new Map<string, number>();
    for (const runner of runners) {
      runner.register('count', async (payload: { i: number }) => {
        await sleep(2);
        executions.set(String(payload.i), (executions.get(String(payload.i)) ?? 0) + 1);
      });
    }
    await Promise.all(Array.from({ length: 50 }, (_, i) => runners[0]?.enqueue('count', { i })));
    let claimed = 0;
    for (let round = 0; round < 20 && claimed < 50; round++) {
      const results = await Promise.all(runners.map((r) => r.runDue({ limit: 7 })));
      claimed += results.reduce((sum, r) => sum + r.claimed, 0);
    }
    expect(claimed).toBe(50);
    expect(executions.size).toBe(50);
    expect([...executions.values()].every((n) => n === 1)).toBe(true);
  });

  it('hands a job whose runner died (lease expired) to another runner; the late one loses', async () => {
    const name = unique('test-queue');
    const [first, second] = [createJobQueue({ name }), createJobQueue({ name })];
    let release: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    first.register('slow', () => {
      started();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    second.register('slow', () => {});
    const now = Date.now();
    const { id } = await first.enqueue('slow', {});
    const stuck = first.runDue({ now, leaseSeconds: 30 });
    await running;
    expect((await second.runDue({ now: now + 10 * SECOND })).claimed).toBe(0);
    expect(await second.runDue({ now: now + 31 * SECOND })).toMatchObject({ claimed: 1, succeeded: 1 });
    release();
    expect(await stuck).toMatchObject({ claimed: 1, succeeded: 0, lost: 1 });
    expect(await second.status(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('doubles the backoff per attempt, capped at an hour', () => {
    expect([1, 2, 3, 4].map((a) => backoffSeconds(5, a))).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(5, 30)).toBe(3600);
  });
});
