import type { Redis } from '@upstash/redis';
import type { ReadyCheck } from './check.ts';

/** A PING through the Upstash REST endpoint, i.e. exactly the path the functions use. */
export function redisCheck(redis: () => Redis): ReadyCheck {
  return {
    name: 'redis',
    required: true,
    async run() {
      const answer = await redis().ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer: ${String(answer)}`);
      return undefined;
    },
  };
}
