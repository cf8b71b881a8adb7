import { useEnv } from '@scip/config';
import { AppError } from '@scip/errors';
import { describe, expect, it } from 'vitest';
import * as Blacklist from './blacklist.ts';
import { createRedis, useRedis } from './client.ts';
import { deadRedis, unique } from './test-support/dead-redis.ts';

describe('Blacklist', () => {
  it('finds a revoked session and a revoked token, and nothing else', async () => {
    const sessionId = unique('session');
    const jti = unique('jti');
    expect(await Blacklist.isRevoked({ sessionId, jti })).toBe(false);
    await Blacklist.revokeSession(sessionId, 120);
    expect(await Blacklist.isRevoked({ sessionId })).toBe(true);
    expect(await Blacklist.isRevoked({ sessionId, jti: unique('other') })).toBe(true);
    expect(await Blacklist.isRevoked({ sessionId: unique('other'), jti })).toBe(false);
    await Blacklist.revokeToken(jti, 60);
    expect(await Blacklist.isRevoked({ jti })).toBe(true);
    expect(await Blacklist.isRevoked({ sessionId: unique('other'), jti })).toBe(true);
  });

  it('keeps an entry exactly as long as asked (TTL set, never persistent)', async () => {
    const sessionId = unique('session');
    await Blacklist.revokeSession(sessionId, 90);
    const ttl = await useRedis().ttl(`blacklist:session:${sessionId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(90);
    const jti = unique('jti');
    await Blacklist.revokeToken(jti, 0.2);
    expect(await useRedis().pttl(`blacklist:jti:${jti}`)).toBeGreaterThan(0);
  });

  it('fails closed: an unreachable Redis throws dependency_unavailable, never "not revoked"', async () => {
    const dead = await deadRedis();
    const check = Blacklist.isRevoked({ sessionId: unique('s'), jti: unique('j') }, dead);
    await expect(check).rejects.toBeInstanceOf(AppError);
    await expect(check).rejects.toMatchObject({ code: 'dependency_unavailable', status: 503 });
    await expect(Blacklist.revokeSession(unique('s'), 60, dead)).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
  });

  it('fails closed when the REST endpoint refuses the token', async () => {
    const env = useEnv();
    const wrong = createRedis({
      url: env.UPSTASH_REDIS_REST_URL,
      token: `${env.UPSTASH_REDIS_REST_TOKEN}-wrong`,
    });
    await expect(Blacklist.isRevoked({ jti: unique('j') }, wrong)).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
  });

  it('batches concurrent checks (auto-pipelining) without mixing up answers', async () => {
    const revoked = Array.from({ length: 20 }, () => unique('s'));
    await Promise.all(revoked.map((id) => Blacklist.revokeSession(id, 60)));
    const ids = revoked.flatMap((id) => [id, unique('live')]);
    const answers = await Promise.all(ids.map((sessionId) => Blacklist.isRevoked({ sessionId })));
    expect(answers).toEqual(ids.map((_, i) => i % 2 === 0));
  });
});
