/**
 * The two Lua scripts of the Redis store. Each runs atomically on the server that owns the tenant's
 * key and dates sends with that server's clock (`TIME`), so processes on machines whose clocks
 * disagree still share one window. Times are in milliseconds times `scale` (1 outside tests and
 * benchmarks, which compress time).
 *
 * A send is recorded before its request leaves and counts until a window after its answer. Until the
 * answer is in (`settle`), it is dated one window ahead: it cannot expire however long the request
 * takes, and if its process dies before settling, it still leaves two windows later.
 *
 * KEYS[1]: the tenant's sorted set (member: send id, score: when the send counts from).
 */

const NOW = `
local t = redis.call('TIME')
local scale = tonumber(ARGV[4])
local window = tonumber(ARGV[2])
local now = (tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000) * scale
local ttl = math.ceil(2 * window / scale) + 1000
`;

/**
 * ARGV: limit, windowInMs, sendId, scale. Returns {0, sends in the window} when the send is recorded,
 * else {ms until a send can leave the window (at least 1), sends in the window}.
 */
export const TAKE_SCRIPT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + window, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  return {0, count + 1}
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
local wait = window
if oldest <= now then wait = oldest + window - now end
return {math.max(1, math.ceil(wait)), count}
`;

/**
 * ARGV: (unused), windowInMs, sendId, scale. Dates the send at now, the answer's time (adding it back
 * if it was gone). The key then lives past the newest send's window.
 */
export const SETTLE_SCRIPT = `${NOW}
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;
