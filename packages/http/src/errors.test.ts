import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '@scip/errors';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { useLogger } from './logger.ts';
import { errorResponses, PROBLEM_CONTENT_TYPE } from './problem.ts';
import { captureLogs } from './test-support/log-capture.ts';

const SECRET_MESSAGE = 'db password is hunter2 at 10.0.0.7';
const CAUSE_MESSAGE = 'ECONNREFUSED 10.0.0.7:5432';
const UUID = '0193a5b0-7e1c-7cc2-9a51-6f1f3f0c2b8e';

function build() {
  const logs = captureLogs();
  const app = createApp({ name: 'test', logger: logs.logger });
  app.get('/boom', () => {
    throw new Error(SECRET_MESSAGE, { cause: new Error(CAUSE_MESSAGE) });
  });
  app.get('/limited', () => {
    throw new AppError('rate_limited', 'Slow down', { headers: { 'Retry-After': '42' } });
  });
  app.get('/extra', () => {
    throw new AppError('version_conflict', 'Changed', {
      extra: { code: 'forged', status: 200, current_version: 7 },
    });
  });
  app.post('/log', async (c) => {
    useLogger().info({ body: await c.req.json() }, 'received');
    c.var.logger.info({ headers: { Authorization: 'Bearer abc.def.ghi', cookie: 'sid=1' } }, 'headers');
    return c.body(null, 204);
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users/{id}',
      request: {
        params: z.object({ id: z.uuid() }),
        body: {
          content: { 'application/json': { schema: z.object({ email: z.email(), age: z.number().int() }) } },
        },
      },
      responses: { 200: { description: 'ok' }, ...errorResponses('validation_failed') },
    }),
    (c) => c.json({ ok: true }, 200),
  );
  return { app, logs };
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
  return (await res.json()) as Record<string, unknown>;
}

const json = (body: unknown) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json' },
});

describe('error handler', () => {
  it('404 not_found as problem+json with request id and security headers', async () => {
    const { app } = build();
    const res = await app.request('/nope', { headers: { 'X-Request-Id': 'not-found-req-1' } });
    expect(res.status).toBe(404);
    expect(await problemOf(res)).toEqual({
      type: 'urn:scip:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: 'No route GET /nope',
      code: 'not_found',
      request_id: 'not-found-req-1',
    });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('422 validation_failed lists every bad field', async () => {
    const { app } = build();
    const res = await app.request(`/users/${UUID}`, json({ email: 'not-an-email', age: 1.5 }));
    expect(res.status).toBe(422);
    const body = await problemOf(res);
    expect(body).toMatchObject({
      code: 'validation_failed',
      status: 422,
      type: 'urn:scip:problem:validation_failed',
    });
    const errors = body.errors as { in: string; path: string; message: string }[];
    expect(errors.map((e) => `${e.in}:${e.path}`).sort()).toEqual(['json:age', 'json:email']);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('422 for a bad path parameter, naming it', async () => {
    const { app } = build();
    const res = await app.request('/users/not-a-uuid', json({ email: 'a@b.co', age: 3 }));
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors).toEqual([expect.objectContaining({ in: 'param', path: 'id' })]);
  });

  it('400 bad_request for malformed JSON', async () => {
    const { app } = build();
    const res = await app.request(`/users/${UUID}`, {
      method: 'POST',
      body: '{"email": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({ code: 'bad_request', status: 400 });
  });

  it('AppError keeps its status, code and headers', async () => {
    const { app } = build();
    const res = await app.request('/limited');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
    expect(await problemOf(res)).toMatchObject({ code: 'rate_limited', detail: 'Slow down' });
  });

  it('AppError extra adds public fields but cannot override the standard ones', async () => {
    const { app } = build();
    const res = await app.request('/extra');
    expect(res.status).toBe(409);
    expect(await problemOf(res)).toMatchObject({ code: 'version_conflict', status: 409, current_version: 7 });
  });

  it('500 internal leaks nothing, and the log line has the request id, the cause and the stack', async () => {
    const { app, logs } = build();
    const res = await app.request('/boom', { headers: { 'X-Request-Id': 'boom-request-0001' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      type: 'urn:scip:problem:internal',
      title: 'Internal',
      status: 500,
      detail: 'An unexpected error occurred; quote the request id when reporting it.',
      code: 'internal',
      request_id: 'boom-request-0001',
    });
    for (const leak of ['hunter2', '10.0.0.7', 'ECONNREFUSED', 'at ', '.ts'])
      expect(text).not.toContain(leak);
    const line = logs.lines().find((l) => l.msg === 'unhandled error') as {
      err: { message: string; stack: string };
    };
    expect(line).toMatchObject({ level: 'error', request_id: 'boom-request-0001', service: 'test' });
    expect(line.err.message).toContain(CAUSE_MESSAGE);
    expect(line.err.stack).toContain('errors.test.ts');
    const access = logs.lines().find((l) => l.msg === 'request');
    expect(access).toMatchObject({ request_id: 'boom-request-0001', status: 500, route: '/boom' });
  });
});

describe('logger', () => {
  it('redacts credentials at any depth, and every line carries the request id', async () => {
    const { app, logs } = build();
    const res = await app.request('/log', {
      ...json({
        email: 'a@b.co',
        password: 'pw-one',
        nested: { deeper: [{ refresh_token: 'rt-two', access_token: 'at-three', secret: 's-four' }] },
        current_password: 'pw-five',
        token: 'tok-six',
      }),
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'redaction-req-1' },
    });
    expect(res.status).toBe(204);
    for (const secret of [
      'pw-one',
      'rt-two',
      'at-three',
      's-four',
      'pw-five',
      'tok-six',
      'abc.def.ghi',
      'sid=1',
    ]) {
      expect(logs.text()).not.toContain(secret);
    }
    expect(logs.text()).toContain('a@b.co');
    const lines = logs.lines();
    expect(lines.length).toBe(3);
    expect(lines.every((l) => l.request_id === 'redaction-req-1')).toBe(true);
    expect(lines[1]).toMatchObject({ headers: { Authorization: '[Redacted]', cookie: '[Redacted]' } });
  });

  it('writes one access-log line per request with method, route pattern, status and duration', async () => {
    const { app, logs } = build();
    await app.request(`/users/${UUID}`, json({ email: 'a@b.co', age: 3 }));
    const access = logs.lines().filter((l) => l.msg === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      method: 'POST',
      route: '/users/:id',
      path: `/users/${UUID}`,
      status: 200,
    });
    expect(typeof access[0]?.duration_ms).toBe('number');
  });
});
