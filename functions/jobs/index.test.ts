import { Jobs } from '@scip/kv';
import { PUBLISH_JOB } from '@scip/realtime/publish';
import { REVOKE_JOB } from '@scip/realtime/revocation';
import { describe, expect, it } from 'vitest';
import { handler } from './index.ts';

// Not invoked here: draining the shared default queue would run other test files' jobs.
describe('functions/jobs', () => {
  it('exports a handler and registers the platform job types on the default queue', () => {
    expect(typeof handler).toBe('function');
    expect(Jobs.types()).toEqual(expect.arrayContaining([PUBLISH_JOB, REVOKE_JOB]));
  });
});
