/**
 * Lua for the job queue. Every state change is one script, so it is atomic in Redis: two runners can
 * never claim the same job, and a runner whose lease expired can no longer complete or fail the job.
 *
 * Keys: KEYS[1] due (zset id → runAt ms), KEYS[2] running (zset id → lease deadline ms),
 * KEYS[3] dead (list of ids). Job records are hashes at ARGV prefix .. id.
 */

/**
 * ARGV: now, limit, leaseMs, jobPrefix, claimToken, deadRetentionSeconds, deadListMax.
 * Returns a list of flattened job hashes. Jobs whose lease expired (their runner died) go back to due,
 * or to the dead-letter list when that was their last attempt.
 */
export const CLAIM = `
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  local key = ARGV[4] .. id
  local attempts = tonumber(redis.call('HGET', key, 'attempts') or '0')
  local maxAttempts = tonumber(redis.call('HGET', key, 'maxAttempts') or '0')
  if attempts >= maxAttempts then
    redis.call('HSET', key, 'status', 'dead', 'lastError', 'lease expired', 'updatedAt', now)
    redis.call('HDEL', key, 'claim')
    redis.call('EXPIRE', key, ARGV[6])
    redis.call('LPUSH', KEYS[3], id)
    redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[7]) - 1)
  else
    redis.call('ZADD', KEYS[1], now, id)
  end
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local claimed = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[4] .. id
  if redis.call('EXISTS', key) == 1 then
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), id)
    redis.call('HINCRBY', key, 'attempts', 1)
    redis.call('HSET', key, 'status', 'running', 'claim', ARGV[5], 'updatedAt', now)
    table.insert(claimed, redis.call('HGETALL', key))
  end
end
return claimed
`;

/** ARGV: jobPrefix, id, claimToken, now, retentionSeconds. Returns 1 if this claim still owned the job. */
export const SUCCEED = `
local key = ARGV[1] .. ARGV[2]
if redis.call('HGET', key, 'claim') ~= ARGV[3] then return 0 end
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HSET', key, 'status', 'succeeded', 'updatedAt', ARGV[4])
redis.call('HDEL', key, 'claim')
redis.call('EXPIRE', key, ARGV[5])
return 1
`;

/**
 * ARGV: jobPrefix, id, claimToken, now, error, retryAt, deadRetentionSeconds, deadListMax.
 * Returns 'retrying', 'dead', or '' when the claim was lost.
 */
export const FAIL = `
local key = ARGV[1] .. ARGV[2]
if redis.call('HGET', key, 'claim') ~= ARGV[3] then return '' end
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', key, 'claim')
local attempts = tonumber(redis.call('HGET', key, 'attempts'))
local maxAttempts = tonumber(redis.call('HGET', key, 'maxAttempts'))
if attempts >= maxAttempts then
  redis.call('HSET', key, 'status', 'dead', 'lastError', ARGV[5], 'updatedAt', ARGV[4])
  redis.call('EXPIRE', key, ARGV[7])
  redis.call('LPUSH', KEYS[3], ARGV[2])
  redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[8]) - 1)
  return 'dead'
end
redis.call('HSET', key, 'status', 'retrying', 'lastError', ARGV[5], 'runAt', ARGV[6], 'updatedAt', ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[6], ARGV[2])
return 'retrying'
`;
