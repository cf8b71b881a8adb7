/**
 * Blacklist.isRevoked throughput through the Upstash REST bridge, auto-pipelining on vs off, on our
 * node:http transport (packages/kv/src/transport.ts) and on the SDK's own fetch transport, same run.
 *
 *   npx tsx bench/kv.ts [--seconds 5] [--concurrency 64]
 *
 * Starts (or reuses) the local stack. Each mode runs `concurrency` callers in a closed loop for
 * `seconds`; half of the checked sessions are revoked, so hits and misses mix. Prints ops/s, p50/p99,
 * this process's CPU per operation (µs), the on/off ratio and the transport ratios.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Blacklist, createRedis } from '@scip/kv';
import { Redis } from '@upstash/redis';
import { up } from '../local/stack/index.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '64' } },
});
const seconds = Math.min(60, Number(values.seconds));
const concurrency = Math.min(1024, Number(values.concurrency));

interface Result {
  mode: string;
  ops: number;
  errors: number;
  opsPerSecond: number;
  p50: number;
  p99: number;
  cpuMicrosPerOp: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function measure(mode: string, redis: Redis, sessions: string[]): Promise<Result> {
  // Warm-up: first fetch initialises undici and the keep-alive sockets.
  await Promise.all(
    sessions.slice(0, concurrency).map((sessionId) => Blacklist.isRevoked({ sessionId }, redis)),
  );
  const latencies: number[] = [];
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; performance.now() < deadline; i += concurrency) {
        const t = performance.now();
        try {
          await Blacklist.isRevoked({ sessionId: sessions[i % sessions.length] as string }, redis);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    mode,
    ops: latencies.length,
    errors,
    opsPerSecond: Math.round(latencies.length / elapsed),
    p50: Number(percentile(latencies, 0.5).toFixed(2)),
    p99: Number(percentile(latencies, 0.99).toFixed(2)),
    cpuMicrosPerOp: Math.round((used.user + used.system) / Math.max(1, latencies.length)),
  };
}

const env = await up({ log: () => {} });
const client = (autoPipelining: boolean) =>
  createRedis({
    url: env.UPSTASH_REDIS_REST_URL as string,
    token: env.UPSTASH_REDIS_REST_TOKEN as string,
    autoPipelining,
    timeoutMs: 10_000,
  });
const sessions = Array.from({ length: 1000 }, () => `bench-${randomUUID()}`);
await Promise.all(
  sessions.filter((_, i) => i % 2 === 0).map((s) => Blacklist.revokeSession(s, 300, client(true))),
);

/** The SDK's own client (global fetch), configured as createRedis was before transport.ts. */
const sdkClient = (autoPipelining: boolean) =>
  new Redis({
    url: env.UPSTASH_REDIS_REST_URL as string,
    token: env.UPSTASH_REDIS_REST_TOKEN as string,
    enableAutoPipelining: autoPipelining,
    enableTelemetry: false,
    retry: { retries: 1, backoff: () => 20 },
    signal: () => AbortSignal.timeout(10_000),
  });

const on = await measure('node:http, auto-pipelining on', client(true), sessions);
const off = await measure('node:http, auto-pipelining off', client(false), sessions);
const fetchOn = await measure('SDK fetch, auto-pipelining on', sdkClient(true), sessions);
const fetchOff = await measure('SDK fetch, auto-pipelining off', sdkClient(false), sessions);
console.table([on, off, fetchOn, fetchOff]);
console.log(
  JSON.stringify({
    bench: 'kv.isRevoked',
    seconds,
    concurrency,
    on: on.opsPerSecond,
    off: off.opsPerSecond,
    ratio: Number((on.opsPerSecond / Math.max(1, off.opsPerSecond)).toFixed(2)),
    // node:http ÷ SDK fetch, auto-pipelining off (one request per operation): throughput and CPU per op
    transportOpsRatio: Number((off.opsPerSecond / Math.max(1, fetchOff.opsPerSecond)).toFixed(2)),
    transportCpuRatio: Number((off.cpuMicrosPerOp / Math.max(1, fetchOff.cpuMicrosPerOp)).toFixed(2)),
    // Client, bridge and Redis share this machine: a busy machine lowers both numbers.
    cpus: cpus().length,
    load1: Number(loadavg()[0]?.toFixed(2)),
  }),
);
