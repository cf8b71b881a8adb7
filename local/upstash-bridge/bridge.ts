import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { bearerCheck } from './auth.ts';
import { Executor, isCommandFailure } from './execute.ts';
import { BadRequest, parseCommandList, parseJson, pathCommand, readBody, send } from './http.ts';
import { ScriptRegistry } from './scripts.ts';

export interface BridgeOptions {
  /** `redis://[user]:password@host:port` of the real Redis. */
  redisUrl: string;
  /** The Bearer token clients must present (UPSTASH_REDIS_REST_TOKEN). */
  token: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Upper bound on one Redis command, so a hung Redis cannot hang requests. */
  commandTimeoutMs?: number;
}

export interface Bridge {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server speaking the Upstash Redis REST protocol in front of a real Redis:
 * `POST /` (one command), `POST /pipeline`, `POST /multi-exec`, and path style `/<cmd>/<arg>…`.
 *
 * @example
 * const bridge = await startBridge({ redisUrl: 'redis://:pw@127.0.0.1:56379', token, port: 0 });
 * const redis = new Redis({ url: bridge.url, token });
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const redis = connectRedis(options);
  const executor = new Executor(redis, new ScriptRegistry());
  const isAuthorized = bearerCheck(options.token);
  const server = createServer((req, res) => {
    handle(req, res, executor, isAuthorized).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `ERR bridge failure: ${String(error)}` });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 58079, options.host ?? '127.0.0.1', resolve);
  });
  await waitReady(redis, 5_000);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

function connectRedis(options: BridgeOptions): Redis {
  const redis = new Redis(options.redisUrl, {
    // Fail fast while Redis is away instead of queueing requests behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    connectTimeout: 2_000,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Reconnection is automatic; an 'error' listener keeps a dropped connection from crashing the process.
  redis.on('error', () => {});
  return redis;
}

/** Waits for the first connection attempt to settle; a Redis that is down is not fatal (503 until it is up). */
async function waitReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
    redis.once('error', done);
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  executor: Executor,
  isAuthorized: (req: IncomingMessage) => boolean,
): Promise<void> {
  if (!isAuthorized(req)) return send(res, 401, { error: 'Unauthorized' });
  const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
  const { pathname } = new URL(req.url ?? '/', 'http://bridge');
  try {
    const body = await readBody(req);
    if (req.method === 'POST' && pathname === '/pipeline') {
      return send(res, 200, await executor.pipeline(parseCommandList(body), base64));
    }
    if (req.method === 'POST' && pathname === '/multi-exec') {
      return send(res, 200, await executor.transaction(parseCommandList(body), base64));
    }
    if (req.method === 'POST' && pathname === '/') {
      return send(res, 200, { result: await executor.one(parseJson(body), base64) });
    }
    if ((req.method === 'GET' || req.method === 'POST') && pathname !== '/') {
      return send(res, 200, { result: await executor.one(pathCommand(pathname, body), base64) });
    }
    return send(res, 405, { error: 'ERR method not allowed' });
  } catch (error) {
    if (error instanceof BadRequest) return send(res, error.status, { error: error.message });
    if (isCommandFailure(error)) return send(res, 400, { error: error.message });
    // Connection refused, command timeout, Redis restarting: the dependency is down, not the request bad.
    return send(res, 503, { error: `ERR redis unavailable: ${(error as Error).message}` });
  }
}
