import { z } from '@hono/zod-openapi';

export const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

export const CheckResultSchema = z
  .looseObject({
    status: z.enum(['up', 'down']),
    latency_ms: z.number(),
    error: z.enum(['timeout', 'failed', 'below_threshold']).optional(),
    warning: z.string().optional(),
  })
  .openapi('ReadyCheck');

export const ReadySchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(z.string(), CheckResultSchema).openapi({
      example: {
        database: { status: 'up', latency_ms: 1.2 },
        redis: { status: 'up', latency_ms: 0.9 },
        mqtt: { status: 'up', latency_ms: 3.4 },
        disk: { status: 'up', latency_ms: 0.1, free_bytes: 1e10, total_bytes: 5e10, free_percent: 20 },
        memory: { status: 'up', latency_ms: 0, free_bytes: 2e9, total_bytes: 8e9, free_percent: 25 },
      },
    }),
  })
  .openapi('Ready');
