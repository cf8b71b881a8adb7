import { useEnv } from '@scip/config';
import { AppError, isAppError } from '@scip/errors';
import { Redis } from '@upstash/redis';

export interface RedisClientOptions {
  url: string;
  token: string;
  /** Batches commands issued in the same tick into one `/pipeline` request (default on). */
  autoPipelining?: boolean;
  /** Bound on one request, its single retry included. */
  timeoutMs?: number;
}

/**
 * A configured @upstash/redis client: one retry after a network failure (a stale keep-alive socket),
 * and a per-request deadline, so an unreachable Redis costs at most `timeoutMs`, never the client's
 * default of five exponential retries.
 */
export function createRedis(options: RedisClientOptions): Redis {
  const timeoutMs = options.timeoutMs ?? 1_500;
  return new Redis({
    url: options.url,
    token: options.token,
    enableAutoPipelining: options.autoPipelining ?? true,
    enableTelemetry: false,
    retry: { retries: 1, backoff: () => 20 },
    // A function, so that every request gets a fresh deadline (and an abort rejects instead of
    // resolving to the client's synthetic "Aborted" result, which is what a plain signal does).
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}

let shared: Redis | undefined;

/**
 * The process-wide Redis client, from `UPSTASH_REDIS_REST_URL`/`_TOKEN`, auto-pipelining on.
 *
 * @example
 * const n = await useRedis().incr('counter');
 */
export function useRedis(): Redis {
  if (!shared) {
    const env = useEnv();
    shared = createRedis({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      timeoutMs: env.REDIS_TIMEOUT_MS,
    });
  }
  return shared;
}

/** Replaces the shared client (tests pointing at a dead Redis); `undefined` rebuilds it from the env. */
export function setRedis(client: Redis | undefined): void {
  shared = client;
}

/**
 * Runs a Redis operation; any failure (network, timeout, Redis error) becomes
 * `AppError('dependency_unavailable')`, so callers that guard security decisions fail closed.
 */
export async function guarded<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('dependency_unavailable', `Redis is unavailable (${what})`, { cause: error });
  }
}
