/**
 * The server side of throttling: at most `limit` accepted requests per tenant in any `windowInMs`
 * (a sliding window, like the service's "500 a minute"). Rejected requests do not count, which is the
 * kinder reading of the service; a client that still sees 429s under it would see more in production.
 */
export class SlidingWindowCounter {
  #limit;
  #windowInMs;
  /** tenant → arrival times of accepted requests inside the window, oldest first. */
  #accepted = new Map();

  constructor({ limit, windowInMs }) {
    this.#limit = limit;
    this.#windowInMs = windowInMs;
  }

  /** Accepts (returns 0) or rejects with the milliseconds until a slot frees up. */
  tryTake(tenant, nowInMs) {
    let times = this.#accepted.get(tenant);
    if (!times) {
      times = [];
      this.#accepted.set(tenant, times);
    }
    const horizon = nowInMs - this.#windowInMs;
    let expired = 0;
    while (expired < times.length && times[expired] <= horizon) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length < this.#limit) {
      times.push(nowInMs);
      return 0;
    }
    return times[0] + this.#windowInMs - nowInMs;
  }
}

/**
 * The most requests of one tenant inside any window of `windowInMs` (half open, as the counter
 * above sees it), over arrival times in ms. A limiter that keeps the limit never exceeds it here.
 */
export function mostInAnyWindow(times, windowInMs) {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= windowInMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
