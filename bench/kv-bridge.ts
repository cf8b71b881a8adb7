/**
 * Raw throughput of the Upstash REST bridge (no client library): one command per request vs a
 * pipeline of 20 per request, with autocannon.
 *
 *   npx tsx bench/kv-bridge.ts [--seconds 5] [--connections 32]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { up } from '../local/stack/index.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' } },
});
const duration = Math.min(60, Number(values.seconds));
const connections = Math.min(512, Number(values.connections));
const env = await up({ log: () => {} });
const headers = {
  authorization: `Bearer ${env.UPSTASH_REDIS_REST_TOKEN}`,
  'content-type': 'application/json',
  'upstash-encoding': 'base64',
};

async function run(label: string, path: string, body: unknown, commandsPerRequest: number) {
  const url = `${env.UPSTASH_REDIS_REST_URL}${path}`;
  // method/body are autocannon options bench/http-autocannon.d.ts does not declare; a variable skips
  // the excess-property check.
  const options = { url, method: 'POST', body: JSON.stringify(body), headers, connections, duration };
  const result = await autocannon(options);
  return {
    label,
    'req/s': Math.round(result.requests.average),
    'commands/s': Math.round(result.requests.average * commandsPerRequest),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const keys = Array.from({ length: 20 }, (_, i) => `bench:bridge:${i}`);
const rows = [
  await run('POST / EXISTS', '/', ['EXISTS', keys[0]], 1),
  await run(
    'POST /pipeline 20×EXISTS',
    '/pipeline',
    keys.map((k) => ['EXISTS', k]),
    keys.length,
  ),
];
console.table(rows);
console.log(
  JSON.stringify({
    bench: 'kv.bridge',
    duration,
    connections,
    rows,
    cpus: cpus().length,
    load1: loadavg()[0],
  }),
);
