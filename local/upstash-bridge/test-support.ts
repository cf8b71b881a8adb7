import { randomBytes } from 'node:crypto';
import { type Bridge, startBridge } from './bridge.ts';

/** The shared stack's Redis (set by test/global-setup.ts). Tests never run against anything else. */
export function sharedRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests through vitest (test/global-setup.ts)');
  return url;
}

/** A private bridge on an ephemeral port in front of the shared Redis, with its own random token. */
export async function startTestBridge(): Promise<Bridge & { token: string }> {
  const token = randomBytes(24).toString('hex');
  const bridge = await startBridge({ redisUrl: sharedRedisUrl(), token, port: 0 });
  return { ...bridge, token };
}

/** A key prefix unique to one test, so parallel tests never see each other's keys. */
export const randomPrefix = (label: string) => `test:${label}:${randomBytes(6).toString('hex')}`;
