/**
 * /health vs /ready throughput of the local server (every function mounted), with autocannon.
 *
 *   npx tsx bench/http.ts [--seconds 10] [--connections 50] [--rounds 1]
 *
 * Starts (or reuses) the local stack, then the local server in a child process, and loads each target
 * for `seconds` with `connections` keep-alive connections: /health (touches nothing), /ready as
 * configured (READY_CACHE_MS, default 1000: at most one round of checks per second) and /ready with
 * READY_CACHE_MS=0 (concurrent requests still share one in-flight round of checks). Prints req/s,
 * p50/p99 latency (ms), server CPU µs per request (from /proc; less sensitive to other load) and ratios.
 * With --rounds N the targets are loaded in turn N times and the median round of each is shown.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { up } from '../local/stack/index.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
  },
});
const seconds = Math.min(60, Number(values.seconds));
const connections = Math.min(1000, Number(values.connections));
const rounds = Math.min(10, Math.max(1, Number(values.rounds)));

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

/** CPU time (user + system, ms) the server process has used so far, from /proc (Linux, 100 Hz ticks). */
function cpuMs(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Row {
  target: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Server CPU per request: less sensitive than req/s to other load on the machine. */
  cpuUsPerReq: number;
}

async function load(target: string, url: string, child: ChildProcess): Promise<Row> {
  await autocannon({ url, connections: 4, duration: 1 }); // warm-up: JIT, pools, keep-alive sockets
  const cpuBefore = cpuMs(child);
  const r = await autocannon({ url, connections, duration: seconds });
  const cpu = cpuMs(child) - cpuBefore;
  return {
    target,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    cpuUsPerReq: Math.round((cpu * 1000) / Math.max(1, r.requests.total)),
  };
}

/** The middle row by req/s of several rounds of one target (rounds interleave, so drift hits all). */
function median(rows: Row[]): Row {
  const sorted = [...rows].sort((a, b) => a.reqPerSec - b.reqPerSec);
  return sorted[Math.floor(sorted.length / 2)] as Row;
}

async function main(): Promise<void> {
  const stack = await up({ log: () => {} });
  const base = { ...stack, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', NODE_ENV: 'production' };
  const cached = process.env.READY_CACHE_MS ?? '1000';
  const a = await startServer({ ...base, READY_CACHE_MS: cached });
  const b = await startServer({ ...base, READY_CACHE_MS: '0' });
  const targets = [
    { label: '/health', url: `${a.url}/health`, child: a.child },
    { label: `/ready (READY_CACHE_MS=${cached})`, url: `${a.url}/ready`, child: a.child },
    { label: '/ready (READY_CACHE_MS=0)', url: `${b.url}/ready`, child: b.child },
  ];
  const results = new Map<string, Row[]>(targets.map((t) => [t.label, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) results.get(t.label)?.push(await load(t.label, t.url, t.child));
    }
  } finally {
    for (const { child } of [a, b]) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  const rows = targets.map((t) => median(results.get(t.label) ?? []));
  console.log(
    `\n${seconds}s per target and round, ${rounds} round(s) (median shown), ${connections} connections, ` +
      `${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}`,
  );
  console.table(rows);
  const health = rows[0]?.reqPerSec ?? 0;
  const healthCpu = rows[0]?.cpuUsPerReq ?? 0;
  for (const row of rows.slice(1)) {
    const rate = (health / Math.max(1, row.reqPerSec)).toFixed(2);
    const cpu = (row.cpuUsPerReq / Math.max(1, healthCpu)).toFixed(2);
    console.log(`/health ÷ ${row.target}: req/s ratio ${rate}, server CPU per request ratio ${cpu}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
