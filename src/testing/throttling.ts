/**
 * The Order resource's rate limit: at most `requestsPerMinute` requests per customer tenant in any
 * sliding minute of real time. A refused request does not use up a slot, so `Retry-After` is exact.
 */

export interface RateLimiter {
  /** Takes a slot, or says how many whole seconds until one frees up. */
  take(tenant: string, nowInMs: number): { allowed: true } | { allowed: false; retryAfterInSeconds: number };
}

const MINUTE_IN_MS = 60_000;

export function createRateLimiter(requestsPerMinute: number): RateLimiter {
  const sent = new Map<string, number[]>();
  return {
    take(tenant, nowInMs) {
      if (!Number.isFinite(requestsPerMinute)) return { allowed: true };
      const times = (sent.get(tenant) ?? []).filter((time) => time > nowInMs - MINUTE_IN_MS);
      sent.set(tenant, times);
      if (times.length < requestsPerMinute) {
        times.push(nowInMs);
        return { allowed: true };
      }
      const oldest = times[0] ?? nowInMs;
      return {
        allowed: false,
        retryAfterInSeconds: Math.max(1, Math.ceil((oldest + MINUTE_IN_MS - nowInMs) / 1000)),
      };
    },
  };
}
