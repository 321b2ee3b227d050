/**
 * Client-side rate limit per customer tenant. Partner Center allows 500 Order requests per minute per
 * tenant; going over earns 429s that also count against the limit, so the client holds calls back
 * instead. A sliding one-minute window: never more than `requestsPerMinute` sends in any 60 s. Each
 * tenant has its own FIFO queue, so one busy customer never delays another.
 *
 * The service counts a request when it arrives, which can be well after the slot was handed out (a
 * new connection, a slow first byte). So a slot is dated at hand-out and re-dated by `settle` once the
 * attempt has its answer: the window then covers the arrival, never just the departure.
 */
import type { Clock } from "./clock.js";

export interface ThrottlingOptions {
  /** Sends allowed per customer tenant in any 60 s. Default 500, the documented service limit. */
  requestsPerMinute?: number;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 500;
const WINDOW_IN_MS = 60_000;
const TENANTS_BEFORE_SWEEP = 256;

/** One send counted against a tenant's window. */
export interface Slot {
  /** When the send counts from: hand-out time, moved later by `settle`. */
  at: number;
}

interface Waiter {
  resolve: (slot: Slot) => void;
  reject: (reason: unknown) => void;
  abortSignal: AbortSignal | undefined;
  onAbort: () => void;
}

interface TenantState {
  /** Slots within the window in hand-out order. Settling can move a later one before an earlier one. */
  sent: Slot[];
  queue: Waiter[];
  pumping: boolean;
  /** Wakes the pump early when its queue empties, so no timer outlives the last waiter. */
  pumpSleep: AbortController | undefined;
}

export class TenantRateLimiter {
  readonly requestsPerMinute: number;
  /** The clock the limiter waits on; tests pass a ManualClock and advance it. */
  readonly clock: Clock;
  #tenants = new Map<string, TenantState>();

  constructor(requestsPerMinute: number, clock: Clock) {
    this.requestsPerMinute = requestsPerMinute;
    this.clock = clock;
  }

  /**
   * Waits for a send slot of `tenant`. Rejects with the signal's reason if aborted while queued. Pass
   * the slot to `settle` once the request has been answered (or has failed).
   */
  acquire(tenant: string, abortSignal?: AbortSignal): Promise<Slot> {
    if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
    const state = this.#stateOf(tenant);
    this.#forgetExpired(state);
    if (state.queue.length === 0 && state.sent.length < this.requestsPerMinute) {
      return Promise.resolve(this.#take(state));
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        abortSignal,
        onAbort: () => {
          state.queue = state.queue.filter((w) => w !== waiter);
          if (state.queue.length === 0) state.pumpSleep?.abort();
          reject(abortSignal?.reason);
        },
      };
      abortSignal?.addEventListener("abort", waiter.onAbort, { once: true });
      state.queue.push(waiter);
      if (!state.pumping) void this.#pump(state);
    });
  }

  /**
   * Dates the slot no earlier than now: by the time the answer is in, the service has counted the
   * request, so its minute runs from here at the latest.
   */
  settle(slot: Slot): void {
    slot.at = Math.max(slot.at, this.clock.now());
  }

  /** Calls waiting for a slot of `tenant`. */
  queuedFor(tenant: string): number {
    return this.#tenants.get(tenant)?.queue.length ?? 0;
  }

  async #pump(state: TenantState): Promise<void> {
    state.pumping = true;
    try {
      while (state.queue.length > 0) {
        this.#forgetExpired(state);
        if (state.sent.length < this.requestsPerMinute) {
          const waiter = state.queue.shift();
          if (!waiter) break;
          waiter.abortSignal?.removeEventListener("abort", waiter.onAbort);
          waiter.resolve(this.#take(state));
          continue;
        }
        const oldest = state.sent[0]?.at ?? this.clock.now();
        state.pumpSleep = new AbortController();
        try {
          await this.clock.sleep(oldest + WINDOW_IN_MS - this.clock.now(), state.pumpSleep.signal);
        } catch {
          // Woken because every waiter gave up; the loop condition ends the pump.
        }
      }
    } finally {
      state.pumping = false;
      state.pumpSleep = undefined;
    }
  }

  #take(state: TenantState): Slot {
    const slot: Slot = { at: this.clock.now() };
    state.sent.push(slot);
    return slot;
  }

  #stateOf(tenant: string): TenantState {
    let state = this.#tenants.get(tenant);
    if (!state) {
      if (this.#tenants.size >= TENANTS_BEFORE_SWEEP) this.#sweep();
      state = { sent: [], queue: [], pumping: false, pumpSleep: undefined };
      this.#tenants.set(tenant, state);
    }
    return state;
  }

  /** Drops expired slots from the front only: one settled late holds back those behind it (safe side). */
  #forgetExpired(state: TenantState): void {
    const horizon = this.clock.now() - WINDOW_IN_MS;
    let expired = 0;
    while (expired < state.sent.length && (state.sent[expired]?.at ?? 0) <= horizon) expired++;
    if (expired > 0) state.sent.splice(0, expired);
  }

  /** Drops idle tenants so a partner with many customers does not grow the map forever. */
  #sweep(): void {
    for (const [tenant, state] of this.#tenants) {
      this.#forgetExpired(state);
      if (state.queue.length === 0 && state.sent.length === 0 && !state.pumping) this.#tenants.delete(tenant);
    }
  }
}

/** The customer tenant a request is for: the segment after `/customers/`, or "" when there is none. */
export function tenantOf(url: string): string {
  const match = /\/customers\/([^/?#]+)/i.exec(new URL(url).pathname);
  return match?.[1]?.toLowerCase() ?? "";
}
