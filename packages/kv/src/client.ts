import { useEnv } from '@scip/config';
import { AppError, isAppError } from '@scip/errors';
import { Redis, type Requester } from '@upstash/redis';
import { createTransport } from './transport.ts';

export interface RedisClientOptions {
  url: string;
  token: string;
  /** Batches commands issued in the same tick into one `/pipeline` request (default on). */
  autoPipelining?: boolean;
  /** Bound on one request, its single retry included. */
  timeoutMs?: number;
}

/**
 * A configured @upstash/redis client on our node:http(s) transport (transport.ts: keep-alive, ≈ a third
 * of the CPU per request of `fetch`): one retry after a network failure (a stale keep-alive socket) and a
 * deadline per request, so an unreachable Redis costs at most `timeoutMs`, never the client's default of
 * five exponential retries. Auto-pipelining (on by default) batches the commands issued in one tick.
 */
export function createRedis(options: RedisClientOptions): Redis {
  const transport = createTransport({
    url: options.url,
    token: options.token,
    timeoutMs: options.timeoutMs ?? 1_500,
    retries: 1,
  });
  return PipelinedRedis.over(transport, options.autoPipelining ?? true);
}

/** The Requester constructor skips the auto-pipeline proxy that the config constructor installs. */
class PipelinedRedis extends Redis {
  static over(requester: Requester, autoPipelining: boolean): Redis {
    const redis = new PipelinedRedis(requester);
    return autoPipelining ? redis.autoPipeline() : redis;
  }
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
