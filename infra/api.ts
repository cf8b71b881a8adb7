import { Api, type StackContext, use } from 'sst/constructs';
import { sharedEnvironment } from './environment.ts';
import { SecretsStack } from './secrets.ts';

/**
 * One API Gateway (HTTP API) in front of one Lambda per function. Each function owns its routes;
 * the `{proxy+}` routes hand sub-paths to the function's own Hono router.
 */
export function ApiStack({ stack }: StackContext) {
  const { secrets } = use(SecretsStack);
  // The API reference serves swagger-ui from its own bundle: no CDN is reachable from the page's CSP.
  const docs = {
    function: {
      handler: 'functions/docs/index.handler',
      copyFiles: [{ from: 'node_modules/swagger-ui-dist', to: 'swagger-ui-dist' }],
    },
  };
  const api = new Api(stack, 'api', {
    defaults: {
      throttle: { rate: 200, burst: 400 },
      function: {
        bind: secrets,
        environment: sharedEnvironment(stack),
        timeout: '15 seconds',
        memorySize: '512 MB',
      },
    },
    routes: {
      'GET /health': 'functions/health/index.handler',
      'GET /ready': 'functions/health/index.handler',
      'GET /metrics': 'functions/health/index.handler',
      'GET /openapi.json': docs,
      'GET /docs': docs,
      'GET /docs/{proxy+}': docs,
      'GET /.well-known/jwks.json': 'functions/auth/index.handler',
      'ANY /api/v1/auth/{proxy+}': {
        function: { handler: 'functions/auth/index.handler', memorySize: '1024 MB' },
      },
      'ANY /api/v1/api-keys': 'functions/api-keys/index.handler',
      'ANY /api/v1/api-keys/{proxy+}': 'functions/api-keys/index.handler',
      'ANY /api/v1/realtime/{proxy+}': 'functions/realtime/index.handler',
    },
  });
  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}
