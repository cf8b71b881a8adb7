import { type Env, useEnv } from '@scip/config';
import { type App, type CreateAppOptions, createApp, httpConfigFromEnv, metricsRegistry } from '@scip/http';
import { type ReadyTargets, readyChecks } from './checks/from-env.ts';
import { cachedReport, runChecks } from './checks/run.ts';
import { healthRoute, metricsRoute, readyRoute } from './routes.ts';

export interface HealthAppOptions extends Partial<Pick<CreateAppOptions, 'config' | 'logger'>> {
  /** Point the checks somewhere else than the function's own clients (tests use private instances). */
  targets?: ReadyTargets;
  /** Overrides of the environment (READY_* settings) for the checks. */
  env?: Partial<Env>;
}

/**
 * /health, /ready and /metrics. Everything that needs the environment or a client is made on the first
 * /ready, so importing this module (the docs function does, to read its OpenAPI) needs no secrets.
 */
export function createHealthApp(options: HealthAppOptions = {}): App {
  const app = createApp({ name: 'health', ...options });
  let report: ReturnType<typeof cachedReport> | undefined;
  const ready = () => {
    if (!report) {
      const env = { ...useEnv(), ...options.env };
      const checks = readyChecks(env, options.targets);
      report = cachedReport(() => runChecks(checks, env.READY_CHECK_TIMEOUT_MS), env.READY_CACHE_MS);
    }
    return report();
  };

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyRoute, async (c) => {
    const { ready: isReady, checks } = await ready();
    c.header('Cache-Control', 'no-store');
    return isReady
      ? c.json({ status: 'ready' as const, checks }, 200)
      : c.json({ status: 'not_ready' as const, checks }, 503);
  });

  const metricsEnabled = options.config?.metricsEnabled ?? httpConfigFromEnv().metricsEnabled;
  if (metricsEnabled) {
    app.openapi(metricsRoute, async (c) =>
      c.text(await metricsRegistry.metrics(), 200, {
        'Content-Type': metricsRegistry.contentType,
        'Cache-Control': 'no-store',
      }),
    );
  }
  return app;
}
