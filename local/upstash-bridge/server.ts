import { pathToFileURL } from 'node:url';
import { startBridge } from './bridge.ts';

export { type Bridge, type BridgeOptions, startBridge } from './bridge.ts';

/**
 * `npx tsx local/upstash-bridge/server.ts` — the Upstash REST bridge as a process.
 * Env: REDIS_URL, UPSTASH_REDIS_REST_TOKEN, BRIDGE_PORT (58079), BRIDGE_HOST (127.0.0.1).
 */
async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  const token = process.env.UPSTASH_REDIS_REST_TOKEN;
  if (!redisUrl || !token) {
    console.error('upstash-bridge: REDIS_URL and UPSTASH_REDIS_REST_TOKEN are required');
    process.exit(2);
  }
  const bridge = await startBridge({
    redisUrl,
    token,
    port: Number(process.env.BRIDGE_PORT ?? 58079),
    host: process.env.BRIDGE_HOST ?? '127.0.0.1',
  });
  console.log(JSON.stringify({ msg: 'upstash-bridge listening', url: bridge.url }));
  const stop = () => {
    bridge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error('upstash-bridge failed to start:', error);
    process.exit(1);
  });
}
