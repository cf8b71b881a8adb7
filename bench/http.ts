/**
 * /health vs /ready throughput of the local server (every function mounted), with autocannon.
 *
 *   npx tsx bench/http.ts [--seconds 10] [--connections 50]
 *
 * Starts (or reuses) the local stack, then the local server in a child process, and loads each target
 * for `seconds` with `connections` keep-alive connections: /health (touches nothing), /ready as
 * configured (READY_CACHE_MS, default 1000: at most one round of checks per second) and /ready with
 * READY_CACHE_MS=0 (every request pings Postgres, Redis and MQTT). Prints req/s, p50/p99 and ratios.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { up } from '../local/stack/index.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } },
});
const seconds = Math.min(60, Number(values.seconds));
const connections = Math.min(1000, Number(values.connections));

async function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/http-server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.startsWith('LISTENING ')) {
      child.stdout.resume(); // access logs keep flowing; drain them
      lines.removeAllListeners('line');
      return { url: line.slice('LISTENING '.length), child };
    }
  }
  throw new Error('bench server exited before listening');
}

interface Row {
  target: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(target: string, url: string): Promise<Row> {
  await autocannon({ url, connections: 4, duration: 1 }); // warm-up: JIT, pools, keep-alive sockets
  const r = await autocannon({ url, connections, duration: seconds });
  return {
    target,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function main(): Promise<void> {
  const stack = await up({ log: () => {} });
  const base = { ...stack, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', NODE_ENV: 'production' };
  const rows: Row[] = [];
  for (const [cache, targets] of [
    [process.env.READY_CACHE_MS ?? '1000', ['/health', '/ready']],
    ['0', ['/ready']],
  ] as const) {
    const { url, child } = await startServer({ ...base, READY_CACHE_MS: cache });
    try {
      for (const path of targets) {
        const label = path === '/ready' ? `/ready (READY_CACHE_MS=${cache})` : path;
        rows.push(await load(label, `${url}${path}`));
      }
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  console.log(
    `\n${seconds}s per target, ${connections} connections, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}`,
  );
  console.table(rows);
  const health = rows[0]?.reqPerSec ?? 0;
  for (const row of rows.slice(1)) {
    console.log(`${row.target}: ${(health / Math.max(1, row.reqPerSec)).toFixed(1)}x slower than /health`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
