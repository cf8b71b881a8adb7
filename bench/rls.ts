/**
 * Cost of forced RLS and of the audit trigger.
 *
 *   npx tsx bench/rls.ts [--rows 1000000] [--orgs 1000] [--reads 3000] [--writes 3000] [--concurrency 8]
 *
 * Starts (or reuses) the local stack and works in a throwaway database (dropped at the end).
 * 1. Reads: an org-scoped list (latest 50 live items) over `rows` rows in `orgs` organizations.
 *    RLS: app_user, policy on app.org_id, no WHERE on organization_id. Baseline: the owner, RLS not
 *    forced on it, explicit WHERE organization_id = $1. Same transaction shape for both (BEGIN;
 *    set_config; SELECT; COMMIT), both over direct connections; modes alternate in blocks.
 * 2. Writes: single-row insert transactions into two identical tenant tables (forced RLS + audit
 *    fields), one with the hash-chained audit trigger; `concurrency` writers alternate between them
 *    (random organizations; then all in one organization, the chain's worst case).
 * Goals: read latency ratio ≤ 1.15×; audited write throughput ≥ 0.7× of plain.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { up } from '../local/stack/index.ts';
import { createBenchDb, createWriteTables, loadItems, type Pg } from './rls-setup.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    orgs: { type: 'string', default: '1000' },
    reads: { type: 'string', default: '3000' },
    writes: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const rows = Math.min(5_000_000, Number(values.rows));
const orgCount = Math.min(100_000, Number(values.orgs));
const reads = Math.min(50_000, Number(values.reads));
const writes = Math.min(50_000, Number(values.writes));
const concurrency = Math.min(64, Number(values.concurrency));

// A parameter in both list queries: postgres.js with prepare:false describes every parameterised statement
// first (one more round trip), so both modes must carry at least one parameter to have the same shape.
const PAGE = 50;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)] as T;

async function listRls(app: Pg, org: string): Promise<number> {
  const t = performance.now();
  await app.begin(async (tx) => {
    await tx`select set_config('app.org_id', ${org}, true)`;
    await tx`select id, name, status, created_at from bench.items
             where deleted_at is null order by created_at desc limit ${PAGE}`;
  });
  return performance.now() - t;
}

async function listOwner(owner: Pg, org: string): Promise<number> {
  const t = performance.now();
  await owner.begin(async (tx) => {
    await tx`select set_config('app.org_id', ${org}, true)`;
    await tx`select id, name, status, created_at from bench.items
             where organization_id = ${org} and deleted_at is null order by created_at desc limit ${PAGE}`;
  });
  return performance.now() - t;
}

async function readBench(owner: Pg, app: Pg, orgs: string[]) {
  const rls: number[] = [];
  const base: number[] = [];
  // Alternate query by query (order flipped each round) so load drift hits both modes alike.
  for (let i = -200; i < reads; i++) {
    const org = pick(orgs);
    const [a, b] =
      i % 2 === 0
        ? [await listRls(app, org), await listOwner(owner, org)]
        : [await listOwner(owner, org), await listRls(app, org)].reverse();
    if (i >= 0) {
      rls.push(a as number);
      base.push(b as number);
    }
  }
  const explain = (sql: Pg, where: boolean) =>
    sql.begin(async (tx) => {
      await tx`select set_config('app.org_id', ${orgs[0] as string}, true)`;
      const lines = await tx`explain (costs off) select id, name, status, created_at from bench.items
        where deleted_at is null ${where ? tx`and organization_id = ${orgs[0] as string}` : tx``}
        order by created_at desc limit ${PAGE}`;
      return lines.map((l) => Object.values(l)[0]).join(' / ');
    });
  return { rls, base, plans: { rls: await explain(app, false), owner: await explain(owner, true) } };
}

/**
 * Closed-loop writers alternating plain and audited insert transactions, so machine noise hits both
 * alike; the throughput ratio at equal concurrency is the inverse ratio of mean latencies.
 */
async function writeBench(app: Pg, orgs: string[]) {
  const ms = { writes_plain: [] as number[], writes_audited: [] as number[] };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = worker; next++ < writes * 2; i++) {
        const table = i % 2 === 0 ? 'writes_plain' : 'writes_audited';
        const t = performance.now();
        await app.begin(async (tx) => {
          await tx`select set_config('app.org_id', ${pick(orgs)}, true),
                          set_config('app.user_id', ${pick(orgs)}, true)`;
          await tx`insert into ${tx(`bench.${table}`)} (name, payload)
                   values ('bench', ${tx.json({ n: next, secret_token: 'x' })})`;
        });
        ms[table].push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { plain: ms.writes_plain, audited: ms.writes_audited, txPerSecond: (writes * 2) / seconds };
}

async function main(): Promise<void> {
  const env = await up({ log: () => {} });
  console.log(
    `bench/rls: ${rows} rows, ${orgCount} orgs, ${reads} reads/mode, ${writes} writes/mode, ` +
      `${concurrency} writers; ${cpus().length} CPUs, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const db = await createBenchDb(env.DATABASE_OWNER_URL as string, env.DATABASE_URL as string);
  try {
    let t = performance.now();
    const orgs = await loadItems(db.owner, rows, orgCount);
    console.log(`loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const r = await readBench(db.owner, db.app, orgs);
    const row = (name: string, xs: number[]) =>
      `${name.padEnd(28)} mean ${mean(xs).toFixed(3)} ms  p50 ${percentile(xs, 0.5).toFixed(3)}  p95 ${percentile(xs, 0.95).toFixed(3)}`;
    console.log(row('forced RLS (app_user)', r.rls));
    console.log(row('owner + explicit WHERE', r.base));
    console.log(
      `read latency ratio: mean ${(mean(r.rls) / mean(r.base)).toFixed(3)}x, p50 ${(percentile(r.rls, 0.5) / percentile(r.base, 0.5)).toFixed(3)}x (goal <= 1.15x)`,
    );
    console.log(`plan, app_user under RLS: ${r.plans.rls.replace(/\s+/g, ' ')}`);
    console.log(`plan, owner baseline:     ${r.plans.owner.replace(/\s+/g, ' ')}`);
    await createWriteTables(db.owner);
    const wOrgs = orgs.slice(0, Math.min(orgs.length, 1000));
    await writeBench(db.app, wOrgs); // warm-up (chain heads are created on first write)
    const w = await writeBench(db.app, wOrgs);
    console.log(row('insert tx without audit', w.plain));
    console.log(row('insert tx with audit', w.audited));
    console.log(
      `write throughput ratio (mean latency plain / audited, ${concurrency} writers, random orgs): ` +
        `${(mean(w.plain) / mean(w.audited)).toFixed(3)}x (goal >= 0.7x); mixed total ${w.txPerSecond.toFixed(0)} tx/s`,
    );
    const one = await writeBench(db.app, [orgs[0] as string]);
    console.log(
      `one organization, ${concurrency} writers (its chain serialises commits): ` +
        `${(mean(one.plain) / mean(one.audited)).toFixed(3)}x`,
    );
    console.log(`done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
