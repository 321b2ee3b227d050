/**
 * partner-center-orders/redis: one per-tenant rate limit shared by every process that uses the same
 * Redis (or Redis Cluster). Pass the store as `throttling.store`:
 *
 *   const redis = await createClient({ url }).on("error", onError).connect();
 *   new PartnerCenterClient({ credential, throttling: { store: redisRateLimitStore({ client: redis }) } });
 */
import type { RateLimitStore } from "../pipeline/rate-limit-store.js";
import { RedisRateLimitStore, type RedisRateLimitStoreOptions } from "./store.js";

export type { RateLimitDecision, RateLimitStore } from "../pipeline/rate-limit-store.js";
export type { IoredisScriptClient, NodeRedisScriptClient, RedisRateLimitStoreOptions } from "./store.js";

/**
 * A rate limit store in Redis: a sliding window per tenant, dated by the Redis server's clock, one
 * atomic script per decision, keys that expire a window after a tenant's last send.
 */
export function redisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  return new RedisRateLimitStore(options);
}
