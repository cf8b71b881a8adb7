// First: on Lambda, SST-bound secrets must be in process.env before anything reads it.
import '@scip/config/lambda-bootstrap';
import { handle } from 'hono/aws-lambda';
import { createHealthApp } from './app.ts';

/** Liveness, readiness and metrics: GET /health, GET /ready, GET /metrics. */
export const app = createHealthApp();
export const handler = handle(app);
