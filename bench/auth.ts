/**
 * Auth benchmark on the local server (every function mounted, in a child process):
 *   1. POST /api/v1/auth/login latency (p50/p95/p99) at 10 concurrent clients — goal p95 ≤ 60 ms;
 *   2. GET /api/v1/auth/me vs GET /health throughput and p99 at 50 connections, same server, same run.
 *
 *   npx tsx bench/auth.ts [--logins 300] [--seconds 10] [--connections 50] [--concurrency 10]
 *
 * Rate limits are raised for the run (RATE_LIMIT_AUTH) so the limiter counts but never refuses.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { up } from '../local/stack/index.ts';

const { values } = parseArgs({
  options: {
    logins: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '10' },
  },
});
const logins = Math.min(5000, Number(values.logins));
const seconds = Math.min(60, Number(values.seconds));
const connections = Math.min(500, Number(values.connections));
const concurrency = Math.min(100, Number(values.concurrency));

async function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/http-server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('LISTENING ')) {
      child.stdout.resume();
      return { url: line.slice('LISTENING '.length), child };
    }
  }
  throw new Error('bench server exited before listening');
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** `concurrency` clients, each logging in back to back (own user), until `logins` requests are done. */
async function loginLatency(url: string, users: { org: string; email: string; password: string }[]) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async (i: number) => {
    const u = users[i % users.length];
    const body = JSON.stringify({ organization: u?.org, email: u?.email, password: u?.password });
    while (next++ < logins) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    target: `POST /api/v1/auth/login (${concurrency} concurrent)`,
    requests: sorted.length,
    reqPerSec: Math.round(sorted.length / elapsed),
    p50: Math.round(pct(sorted, 0.5)),
    p95: Math.round(pct(sorted, 0.95)),
    p99: Math.round(pct(sorted, 0.99)),
    failures,
  };
}

async function load(target: string, url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, connections: 4, duration: 1, headers });
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return {
    target: `GET ${target} (${connections} conns)`,
    requests: r.requests.total,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p95: Number.NaN,
    p99: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

async function main(): Promise<void> {
  const stack = await up({ log: () => {} });
  Object.assign(process.env, stack);
  const { newOrg, newUser } = await import('../packages/auth/src/test-support/fixtures.ts');
  const org = await newOrg('bench');
  const users = await Promise.all(Array.from({ length: concurrency }, () => newUser(org)));
  const creds = users.map((u) => ({ org: u.orgSlug, email: u.email, password: u.password }));
  const { url, child } = await startServer({
    ...stack,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NODE_ENV: 'production',
    RATE_LIMIT_AUTH: '1000000/60',
  });
  try {
    const rows = [await loginLatency(url, creds)];
    const pair = (await (
      await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          organization: org.slug,
          email: users[0]?.email,
          password: users[0]?.password,
        }),
      })
    ).json()) as { access_token: string };
    rows.push(await load('/health', `${url}/health`));
    rows.push(
      await load('/api/v1/auth/me', `${url}/api/v1/auth/me`, {
        authorization: `Bearer ${pair.access_token}`,
      }),
    );
    console.log(`\n${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}; ${seconds}s per GET target`);
    console.table(rows);
    const [, health, me] = rows;
    if (health && me) {
      const ratio = health.reqPerSec / Math.max(1, me.reqPerSec);
      console.log(
        `/api/v1/auth/me: ${ratio.toFixed(1)}x fewer req/s than /health; p99 ${me.p99} vs ${health.p99} ms`,
      );
    }
    const p95 = rows[0]?.p95 ?? 0;
    console.log(`login p95 ${p95} ms — goal ≤ 60 ms: ${p95 <= 60 ? 'met' : 'NOT met'}`);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
