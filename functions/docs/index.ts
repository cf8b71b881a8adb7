// First: on Lambda, SST-bound secrets must be in process.env before anything reads it.
import '@scip/config/lambda-bootstrap';
import { handle } from 'hono/aws-lambda';
import { createDocsApp } from './app.ts';
import { functionApps } from './apps.ts';

/**
 * The API reference: GET /openapi.json and GET /docs. Deployment note: the Lambda bundle needs
 * `node_modules/swagger-ui-dist` copied to `swagger-ui-dist/` beside it (see swagger-assets.ts).
 */
export const app = createDocsApp({ apps: functionApps });
export const handler = handle(app);
