/**
 * Auth benchmark on the local server (every function mounted, in a child process):
 *   1. POST /api/v1/auth/login latency (p50/p95/p99) at 10 concurrent clients — goal p95 ≤ 60 ms —
 *      beside, in the same run, (a) the floor: argon2id verifies alone (OWASP parameters) at the same
 *      concurrency on the same machine, which no login can beat, and (b) one login at a time (what one
 *      Lambda instance serves: it handles a single request at a time);
 *   2. GET /api/v1/auth/me vs GET /health throughput and p99 at 50 connections, same server, same run.
 *
 *   npx tsx bench/auth.ts [--logins 300] [--seconds 10] [--connections 50] [--concurrency 10] [--orgs 1]
 *
 * `--orgs N` spreads the users over N organizations (each organization's audit chain is serialised).
 * Rate limits are raised for the run (RATE_LIMIT_AUTH) so the limiter counts but never refuses.
 * The load generator shares the machine's cores with the server, PostgreSQL, PgBouncer and Redis.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
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
    orgs: { type: 'string', default: '1' },
  },
});
const logins = Math.min(5000, Number(values.logins));
const seconds = Math.min(60, Number(values.seconds));
const connections = Math.min(500, Number(values.connections));
const concurrency = Math.min(100, Number(values.concurrency));
const orgCount = Math.max(1, Math.min(concurrency, Number(values.orgs)));

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

const agent = new Agent({ keepAlive: true, maxSockets: 200 });

/** POST with node:http (a lighter client than fetch: the load generator shares the machine's cores). */
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Row {
  target: string;
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
}

/** `workers` callers, each running `op` back to back, until `total` calls are done. */
async function closedLoop(
  target: string,
  workers: number,
  total: number,
  op: (worker: number) => Promise<boolean>,
): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (next++ < total) {
        const t0 = performance.now();
        const ok = await op(worker);
        latencies.push(performance.now() - t0);
        if (!ok) failures++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    target,
    requests: sorted.length,
    reqPerSec: Math.round(sorted.length / elapsed),
    p50: Math.round(pct(sorted, 0.5)),
    p95: Math.round(pct(sorted, 0.95)),
    p99: Math.round(pct(sorted, 0.99)),
    failures,
  };
}

type Cred = { org: string; email: string; password: string };
const loginBody = (u: Cred | undefined) =>
  JSON.stringify({ organization: u?.org, email: u?.email, password: u?.password });

/** Logins at `workers` concurrent clients, each with its own user. */
function loginLatency(url: string, users: Cred[], workers: number, total: number): Promise<Row> {
  const bodies = users.map(loginBody);
  return closedLoop(`POST /api/v1/auth/login (${workers} concurrent)`, workers, total, async (w) => {
    return (await post(`${url}/api/v1/auth/login`, bodies[w % bodies.length] as string)) === 200;
  });
}

/** The floor: argon2id verifies alone at `workers` concurrent callers, in this process (libuv pool as the server's). */
async function argon2Floor(workers: number, total: number): Promise<Row> {
  const { hash, verify } = await import('../packages/auth/src/password/hash.ts');
  const stored = await hash('violet-harbor-tundra-42');
  return closedLoop(`argon2id verify only (${workers} concurrent)`, workers, total, () =>
    verify(stored, 'violet-harbor-tundra-42'),
  );
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
  const orgs = await Promise.all(Array.from({ length: orgCount }, () => newOrg('bench')));
  const org = orgs[0] as (typeof orgs)[number];
  const users = await Promise.all(
    Array.from({ length: concurrency }, (_, i) => newUser(orgs[i % orgCount] as typeof org)),
  );
  const creds = users.map((u) => ({ org: u.orgSlug, email: u.email, password: u.password }));
  const { url, child } = await startServer({
    ...stack,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NODE_ENV: 'production',
    RATE_LIMIT_AUTH: '1000000/60',
  });
  try {
    await loginLatency(url, creds, concurrency, concurrency * 3); // warm-up: JIT, pools, sockets
    const loginRow = await loginLatency(url, creds, concurrency, logins);
    const floor = await argon2Floor(concurrency, logins);
    const single = await loginLatency(url, creds, 1, Math.min(logins, 100));
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
    const health = await load('/health', `${url}/health`);
    const me = await load('/api/v1/auth/me', `${url}/api/v1/auth/me`, {
      authorization: `Bearer ${pair.access_token}`,
    });
    console.log(`\n${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}; ${seconds}s per GET target`);
    console.table([loginRow, floor, single, health, me]);
    const ratio = health.reqPerSec / Math.max(1, me.reqPerSec);
    console.log(
      `/api/v1/auth/me: ${ratio.toFixed(1)}x fewer req/s than /health; p99 ${me.p99} vs ${health.p99} ms`,
    );
    const p95 = loginRow.p95;
    console.log(
      `login p95 at ${concurrency} concurrent ${p95} ms — goal ≤ 60 ms: ${p95 <= 60 ? 'met' : 'NOT met'}; ` +
        `argon2id alone at ${concurrency} concurrent: p95 ${floor.p95} ms (login ÷ floor ${(p95 / Math.max(1, floor.p95)).toFixed(2)}x); ` +
        `one login at a time: p95 ${single.p95} ms`,
    );
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
