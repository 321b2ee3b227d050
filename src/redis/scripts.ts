/**
 * The two Lua scripts of the Redis store. Each runs atomically on the server that owns the tenant's
 * key and dates sends with that server's clock (`TIME`), so processes on machines whose clocks
 * disagree still share one window. Times are in milliseconds times `scale` (1 outside tests and
 * benchmarks, which compress time).
 *
 * KEYS[1]: the tenant's sorted set (member: send id, score: when the send counts from).
 */

const NOW = `
local t = redis.call('TIME')
local scale = tonumber(ARGV[4])
local now = (tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000) * scale
local ttl = math.ceil(tonumber(ARGV[2]) / scale) + 1000
`;

/**
 * ARGV: limit, windowInMs, sendId, scale. Returns {0, sends in the window} when the send is recorded,
 * else {ms until the oldest send leaves the window (at least 1), sends in the window}.
 */
export const TAKE_SCRIPT = `${NOW}
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  return {0, count + 1}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {math.max(1, math.ceil(tonumber(oldest[2]) + window - now)), count}
`;

/**
 * ARGV: (unused), windowInMs, sendId, scale. Moves the send to now, never earlier; adds it back if it
 * had expired while its request was still out. The key then lives a window past its newest send.
 */
export const SETTLE_SCRIPT = `${NOW}
redis.call('ZADD', KEYS[1], 'GT', now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;
