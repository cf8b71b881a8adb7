import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from '@scip/http';
import { Hono } from 'hono';
import { functionApps } from '../functions/docs/apps.ts';
import { app as docs } from '../functions/docs/index.ts';

export interface LocalServerOptions {
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  /** The function apps to serve; default every function (functions/docs/apps.ts) plus docs. */
  apps?: readonly App[];
}

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/** A `use()` middleware (method ALL, wildcard path) is part of an app's chain, not one of its routes. */
const isMiddleware = (route: { method: string; path: string }) =>
  route.method === 'ALL' && route.path.endsWith('*');

/**
 * Routes each request to the one function app that owns its route, as API Gateway does in AWS, so a
 * request passes through exactly one middleware chain. Anything unrouted goes to the last app (docs),
 * whose chain answers 404 problem+json (and CORS preflights).
 */
export function router(apps: readonly App[]): Hono {
  const root = new Hono();
  const owners = new Map<string, number>();
  apps.forEach((app, index) => {
    for (const route of app.routes) {
      if (isMiddleware(route)) continue;
      const key = `${route.method} ${route.path}`;
      const owner = owners.get(key);
      if (owner !== undefined && owner !== index) throw new Error(`Two functions serve ${key}`);
      if (owner === index) continue;
      owners.set(key, index);
      root.on(route.method, route.path, (c) => app.fetch(c.req.raw, c.env));
    }
  });
  const fallback = apps.at(-1);
  if (!fallback) throw new Error('router(): no apps');
  root.notFound((c) => fallback.fetch(c.req.raw, c.env));
  return root;
}

/**
 * Serves every function under one base URL with @hono/node-server (client IPs from the socket).
 * Scheduled work (session sweep, job runner) is started by the caller (`npm run local`).
 *
 * @example
 * const server = await startLocalServer({ port: 3000 });
 * console.log(server.url); // http://127.0.0.1:3000
 */
export function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const root = router(options.apps ?? [...functionApps, docs]);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: root.fetch, port: options.port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
