import { maybeRequest } from '@scip/context';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';
import { captureLogs } from './test-support/log-capture.ts';

function build(config: Parameters<typeof createApp>[0]['config'] = {}) {
  const logs = captureLogs();
  const app = createApp({
    name: 'test',
    logger: logs.logger,
    config: {
      corsOrigins: ['https://app.example.com'],
      bodyLimitBytes: 1024,
      requestTimeoutMs: 200,
      ...config,
    },
  });
  app.get('/ok', (c) => c.json({ ok: true, request: maybeRequest() ?? null }));
  app.get('/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return c.json({ late: true });
  });
  app.get('/big', (c) => c.json({ data: 'x'.repeat(4096) }));
  app.post('/echo', async (c) => c.json({ size: (await c.req.text()).length }));
  return { app, logs };
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
  return (await res.json()) as Record<string, unknown>;
}

describe('request id', () => {
  it('keeps a well-formed incoming X-Request-Id and exposes it to withRequest', async () => {
    const { app } = build();
    const res = await app.request('/ok', { headers: { 'X-Request-Id': 'abc-123_XYZ.789:1' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123_XYZ.789:1');
    const body = (await res.json()) as { request: { requestId: string } };
    expect(body.request.requestId).toBe('abc-123_XYZ.789:1');
  });

  it.each([
    ['too short', 'abc'],
    ['bad characters', 'abc def "x":{"level":60}'],
    ['too long', 'a'.repeat(129)],
  ])('replaces an incoming id that is %s with a UUID', async (_why, incoming) => {
    const { app } = build();
    const res = await app.request('/ok', { headers: { 'X-Request-Id': incoming } });
    const id = res.headers.get('x-request-id');
    expect(id).not.toBe(incoming);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives every request its own id', async () => {
    const { app } = build();
    const a = (await app.request('/ok')).headers.get('x-request-id');
    const b = (await app.request('/ok')).headers.get('x-request-id');
    expect(a).not.toBe(b);
  });
});

describe('client ip', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY', async () => {
    const { app, logs } = build({ trustProxy: false });
    const res = await app.request(
      '/ok',
      { headers: { 'X-Forwarded-For': '6.6.6.6' } },
      {
        incoming: { socket: { remoteAddress: '127.0.0.9' } },
      },
    );
    const body = (await res.json()) as { request: { clientIp: string } };
    expect(body.request.clientIp).toBe('127.0.0.9');
    expect(logs.lines().find((l) => l.msg === 'request')).toMatchObject({ client_ip: '127.0.0.9' });
  });

  it('takes the last X-Forwarded-For hop behind a trusted proxy', async () => {
    const { app } = build({ trustProxy: true });
    const res = await app.request('/ok', { headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.5' } });
    const body = (await res.json()) as { request: { clientIp: string } };
    expect(body.request.clientIp).toBe('203.0.113.5');
  });

  it('reads the API Gateway source ip on Lambda', async () => {
    const { app } = build();
    const res = await app.request(
      '/ok',
      {},
      { event: { requestContext: { http: { sourceIp: '198.51.100.4' } } } },
    );
    const body = (await res.json()) as { request: { clientIp: string } };
    expect(body.request.clientIp).toBe('198.51.100.4');
  });
});

describe('security headers', () => {
  it('sets every security header on a normal response', async () => {
    const { app } = build();
    const res = await app.request('/ok');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('permissions-policy')).toContain('geolocation=()');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('api-version')).toBe('1');
  });

  it('adds HSTS only when enabled', async () => {
    const { app } = build({ hstsEnabled: true });
    const res = await app.request('/ok');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('gives the docs prefix a CSP that lets its own assets load, and nothing else', async () => {
    const logs = captureLogs();
    const app = createApp({ name: 'docs', logger: logs.logger, docsPathPrefix: '/docs' });
    app.get('/docs', (c) => c.html('<p>docs</p>'));
    app.get('/docsx', (c) => c.text('not docs'));
    const csp = (await app.request('/docs')).headers.get('content-security-policy');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect((await app.request('/docsx')).headers.get('content-security-policy')).not.toContain('script-src');
  });
});

describe('CORS', () => {
  it('answers an allowed origin', async () => {
    const { app } = build();
    const res = await app.request('/ok', { headers: { Origin: 'https://app.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });

  it('gives an unknown origin no Access-Control-Allow-Origin, also on preflight', async () => {
    const { app } = build();
    const res = await app.request('/ok', { headers: { Origin: 'https://evil.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/echo', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an allowed preflight with methods and headers', async () => {
    const { app } = build();
    const res = await app.request('/echo', {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
  });
});

describe('body limit', () => {
  it('answers 413 payload_too_large by Content-Length, with request id and security headers (outer stages ran)', async () => {
    const { app, logs } = build();
    const res = await app.request('/echo', {
      method: 'POST',
      body: 'x'.repeat(2048),
      headers: { 'X-Request-Id': 'big-body-request-1' },
    });
    expect(res.status).toBe(413);
    const body = await problemOf(res);
    expect(body).toMatchObject({ code: 'payload_too_large', status: 413, request_id: 'big-body-request-1' });
    expect(res.headers.get('x-request-id')).toBe('big-body-request-1');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const access = logs.lines().find((l) => l.msg === 'request');
    expect(access).toMatchObject({
      request_id: 'big-body-request-1',
      status: 413,
      method: 'POST',
      route: '/echo',
    });
  });

  it('counts a streamed body without Content-Length', async () => {
    const { app } = build();
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(512)));
        controller.close();
      },
    });
    const res = await app.request('/echo', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('lets a body under the limit through', async () => {
    const { app } = build();
    const res = await app.request('/echo', { method: 'POST', body: 'x'.repeat(1000) });
    expect(await res.json()).toEqual({ size: 1000 });
  });
});

describe('timeout and compression', () => {
  it('answers 504 request_timeout when the handler is too slow', async () => {
    const { app } = build({ requestTimeoutMs: 100 });
    const res = await app.request('/slow');
    expect(res.status).toBe(504);
    expect(await problemOf(res)).toMatchObject({ code: 'request_timeout', status: 504 });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('compresses large responses when the client accepts gzip', async () => {
    const { app } = build();
    const res = await app.request('/big', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    const plain = await app.request('/big');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const small = await app.request('/ok', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(small.headers.get('content-length')).toBe(String((await small.arrayBuffer()).byteLength));
  });
});
