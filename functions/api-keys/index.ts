// First: on Lambda, SST-bound secrets must be in process.env before anything reads it.
import '@scip/config/lambda-bootstrap';
import { createApp } from '@scip/http';
import { handle } from 'hono/aws-lambda';
import { registerApiKeyRoutes } from './routes.ts';

/** API keys for integrations: create, list, rotate, revoke (org admins; `api_keys:*` permissions). */
export const app = createApp({ name: 'api-keys' });

app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
  type: 'apiKey',
  in: 'header',
  name: 'Authorization',
  description: '`Authorization: ApiKey <prefix.secret>`',
});
registerApiKeyRoutes(app);

export const handler = handle(app);
