import { afterCommit, withTransaction } from '@scip/db';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { captureLogs } from './test-support/log-capture.ts';

describe('data-layer logs inside a request', () => {
  it('go through the request logger, so they carry the request id (real database)', async () => {
    const logs = captureLogs('dbl');
    const app = createApp({ name: 'dbl', logger: logs.logger });
    app.post('/work', async (c) => {
      await withTransaction(async (tx) => {
        await tx`select 1`;
        afterCommit(
          () => {
            throw new Error('broker unreachable');
          },
          { name: 'publish' },
        );
      });
      return c.body(null, 204);
    });
    const res = await app.request('/work', {
      method: 'POST',
      headers: { 'X-Request-Id': 'db-log-request-1' },
    });
    expect(res.status).toBe(204);
    const line = logs.lines().find((l) => l.msg === 'after-commit effect failed');
    expect(line).toMatchObject({
      component: 'db',
      effect: 'publish',
      request_id: 'db-log-request-1',
      service: 'dbl',
    });
  });
});
