import { createRoute, z } from '@hono/zod-openapi';
import { HealthSchema, ReadySchema } from './schemas.ts';

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['operations'],
  summary: 'Liveness: the process answers (touches no dependency)',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } } },
});

export const readyRoute = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['operations'],
  summary: 'Readiness: database, Redis and MQTT answer; disk and memory headroom',
  responses: {
    200: {
      description: 'Every required check is up',
      content: { 'application/json': { schema: ReadySchema } },
    },
    503: {
      description: 'A required check is down',
      content: { 'application/json': { schema: ReadySchema } },
    },
  },
});

export const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['operations'],
  summary: 'Prometheus metrics (text exposition format) of this process; absent when METRICS_ENABLED=false',
  responses: {
    200: { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } },
  },
});
