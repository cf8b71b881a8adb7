import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyResult, LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as health } from '../health/index.ts';
import { handler as docs } from './index.ts';

/** A minimal API Gateway HTTP API (payload v2) event, as the deployed functions receive it. */
function event(path: string, headers: Record<string, string> = {}): LambdaEvent {
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.com', ...headers },
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      authentication: null,
      authorizer: {},
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' },
      requestId: 'apigw-request',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: '27/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

const context = {} as LambdaContext;

describe('the Lambda handlers (hono/aws-lambda)', () => {
  it('answer /health with the standard headers', async () => {
    const res = (await health(
      event('/health', { 'x-request-id': 'lambda-request-01' }),
      context,
    )) as APIGatewayProxyResult;
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
    expect(res.headers?.['x-request-id']).toBe('lambda-request-01');
    expect(res.headers?.['x-frame-options']).toBe('DENY');
  });

  it('return a compressed /openapi.json base64-encoded, as API Gateway needs', async () => {
    const res = (await docs(
      event('/openapi.json', { 'accept-encoding': 'gzip' }),
      context,
    )) as APIGatewayProxyResult;
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-encoding']).toBe('gzip');
    expect(res.isBase64Encoded).toBe(true);
    const doc = JSON.parse(gunzipSync(Buffer.from(res.body, 'base64')).toString('utf8')) as { paths: object };
    expect(doc.paths).toHaveProperty('/health');
  });

  it('serve the self-hosted swagger-ui assets from the Lambda too', async () => {
    const res = (await docs(event('/docs/assets/swagger-ui.css'), context)) as APIGatewayProxyResult;
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toContain('text/css');
  });
});
