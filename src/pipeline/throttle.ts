/**
 * Client-side rate limit per customer tenant. Partner Center allows 500 Order requests per minute per
 * tenant; going over earns 429s that also count against the limit, so the client holds calls back
 * instead. A sliding one-minute window: never more than `requestsPerMinute` sends in any 60 s. Each
 * tenant has its own FIFO queue, so one busy customer never delays another.
 *
 * The windows live in a store: this process by default, or one shared by many processes
 * (`partner-center-orders/redis`). The queues, aborts and fairness stay here, in the client.
 *
 * The service counts a request when it arrives, which can be well after the slot was handed out (a
 * new connection, a slow first byte). So a slot is dated at hand-out and re-dated by `settle` once the
 * attempt has its answer: the window then covers the arrival, never just the departure.
 */
import type { Clock } from "./clock.js";
import type { PartnerCenterLogger } from "./pipeline.js";
import { LocalWindows, type RateLimitStore, type Slot } from "./rate-limit-store.js";
import { SharedStore } from "./shared-store.js";

export type { RateLimitDecision, RateLimitStore, Slot } from "./rate-limit-store.js";

export interface ThrottlingOptions {
  /** Sends allowed per customer tenant in any 60 s. Default 500, the documented service limit. */
  requestsPerMinute?: number;
  /**
   * Where the windows are kept. Default: in this process. Pass `redisRateLimitStore(...)` from
   * `partner-center-orders/redis` to share one budget between processes.
   */
  store?: RateLimitStore;
  /**
   * Longest wait for one store call (real time). A store that fails or is late is set aside and this
   * process limits itself alone until the store answers again. Default 1,000 ms.
   */
  storeTimeoutInMs?: number;
}

export interface TenantRateLimiterOptions {
  store?: RateLimitStore | undefined;
  storeTimeoutInMs?: number | undefined;
  /** Told once when the store fails. */
  logger?: PartnerCenterLogger | undefined;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 500;
export const DEFAULT_STORE_TIMEOUT_IN_MS = 1_000;
const WINDOW_IN_MS = 60_000;
/** After a store failure, how long until one call tries it again (real time). */
const STORE_RETRY_AFTER_IN_MS = 1_000;
/** Tenants whose share of a shared window is remembered; past that the memory starts over. */
const SHARES_KEPT = 10_000;

interface Waiter {
  resolve: (slot: Slot) => void;
  reject: (reason: unknown) => void;
  abortSignal: AbortSignal | undefined;
  onAbort: () => void;
}

interface TenantQueue {
  waiters: Waiter[];
  pumping: boolean;
  /** Wakes the pump early when its queue empties, so no timer outlives the last waiter. */
  pumpSleep: AbortController | undefined;
}

export class TenantRateLimiter {
  readonly requestsPerMinute: number;
  /** The clock the limiter waits on; tests pass a ManualClock and advance it. */
  readonly clock: Clock;
  /** This process's own sends, also those a shared store granted: the fallback when that store fails. */
  readonly #local: LocalWindows;
  readonly #shared: SharedStore | undefined;
  /** The shared store's id of each slot it granted, for `settle`. */
  readonly #sharedSends = new WeakMap<Slot, { tenant: string; sendId: string }>();
  #queues = new Map<string, TenantQueue>();
  /**
   * Per tenant, this process's part of the shared window at its last grant. While the shared store is
   * down, the process keeps to that part of the limit, so the processes together stay near it.
   */
  #shares = new Map<string, number>();

  constructor(requestsPerMinute: number, clock: Clock, options: TenantRateLimiterOptions = {}) {
    this.requestsPerMinute = requestsPerMinute;
    this.clock = clock;
    this.#local = new LocalWindows(clock, WINDOW_IN_MS);
    const { store } = options;
    if (store !== undefined) {
      if (typeof store?.take !== "function" || typeof store.settle !== "function") {
        throw new TypeError("options.throttling.store must have take() and settle() methods.");
      }
      this.#shared = new SharedStore(store, {
        timeoutInMs: options.storeTimeoutInMs ?? DEFAULT_STORE_TIMEOUT_IN_MS,
        retryAfterInMs: STORE_RETRY_AFTER_IN_MS,
        logger: options.logger,
      });
    }
  }

  /**
   * Waits for a send slot of `tenant`. Rejects with the signal's reason if aborted while queued. Pass
   * the slot to `settle` once the request has been answered (or has failed).
   */
  acquire(tenant: string, abortSignal?: AbortSignal): Promise<Slot> {
    if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
    if (this.#shared === undefined && !this.#queues.has(tenant)) {
      const grant = this.#local.take(tenant, this.requestsPerMinute);
      if (typeof grant !== "number") return Promise.resolve(grant);
    }
    const queue = this.#queueOf(tenant);
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        abortSignal,
        onAbort: () => {
          queue.waiters = queue.waiters.filter((w) => w !== waiter);
          if (queue.waiters.length === 0) queue.pumpSleep?.abort();
          reject(abortSignal?.reason);
        },
      };
      abortSignal?.addEventListener("abort", waiter.onAbort, { once: true });
      queue.waiters.push(waiter);
      if (!queue.pumping) void this.#pump(tenant, queue);
    });
  }

  /**
   * Dates the slot no earlier than now: by the time the answer is in, the service has counted the
   * request, so its minute runs from here at the latest.
   */
  settle(slot: Slot): void {
    this.#local.settle(slot);
    const shared = this.#sharedSends.get(slot);
    if (shared) this.#shared?.settle(shared.tenant, shared.sendId, WINDOW_IN_MS);
  }

  /** Calls waiting for a slot of `tenant`. */
  queuedFor(tenant: string): number {
    return this.#queues.get(tenant)?.waiters.length ?? 0;
  }

  /** A slot, or the ms to wait before asking again. */
  #decide(tenant: string): Slot | number | Promise<Slot | number> {
    if (this.#shared === undefined) return this.#local.take(tenant, this.requestsPerMinute);
    return this.#decideShared(this.#shared, tenant);
  }

  async #decideShared(shared: SharedStore, tenant: string): Promise<Slot | number> {
    // This process's own sends alone can fill the window, e.g. those made while the store was down,
    // which the store never saw: then there is no need to ask it.
    const ownWait = this.#local.waitFor(tenant, this.requestsPerMinute);
    if (ownWait !== undefined) return ownWait;
    const decision = await shared.take(tenant, this.requestsPerMinute, WINDOW_IN_MS);
    if (decision === undefined) {
      const grant = this.#local.take(tenant, this.#fallbackLimit(tenant));
      if (typeof grant !== "number") {
        void shared.record(tenant, WINDOW_IN_MS).then((sendId) => {
          if (sendId !== undefined) this.#sharedSends.set(grant, { tenant, sendId });
        });
      }
      return grant;
    }
    if (!decision.granted) return decision.retryInMs;
    const slot = this.#local.record(tenant);
    this.#sharedSends.set(slot, { tenant, sendId: decision.sendId });
    if (decision.inWindow !== undefined && decision.inWindow > 0) {
      if (this.#shares.size >= SHARES_KEPT && !this.#shares.has(tenant)) this.#shares.clear();
      this.#shares.set(tenant, Math.min(1, this.#local.count(tenant) / decision.inWindow));
    }
    return slot;
  }

  /** The limit this process keeps to alone: its recent part of the shared one (all of it if unknown). */
  #fallbackLimit(tenant: string): number {
    const share = this.#shares.get(tenant);
    if (share === undefined) return this.requestsPerMinute;
    return Math.max(1, Math.ceil(this.requestsPerMinute * share));
  }

  async #pump(tenant: string, queue: TenantQueue): Promise<void> {
    queue.pumping = true;
    try {
      while (queue.waiters.length > 0) {
        // Only a shared store's answer is awaited: a local one is known at once, so the sleep below
        // starts in the same turn (the window of a ManualClock test is exact).
        let grant = this.#decide(tenant);
        if (grant instanceof Promise) grant = await grant;
        if (typeof grant !== "number") {
          // If every waiter left while the store was asked, the send stays counted (the safe side).
          const waiter = queue.waiters.shift();
          if (!waiter) break;
          waiter.abortSignal?.removeEventListener("abort", waiter.onAbort);
          waiter.resolve(grant);
          continue;
        }
        queue.pumpSleep = new AbortController();
        try {
          await this.clock.sleep(grant, queue.pumpSleep.signal);
        } catch {
          // Woken because every waiter gave up; the loop condition ends the pump.
        }
      }
    } finally {
      queue.pumping = false;
      queue.pumpSleep = undefined;
      if (queue.waiters.length === 0) this.#queues.delete(tenant);
    }
  }

  #queueOf(tenant: string): TenantQueue {
    let queue = this.#queues.get(tenant);
    if (!queue) {
      queue = { waiters: [], pumping: false, pumpSleep: undefined };
      this.#queues.set(tenant, queue);
    }
    return queue;
  }
}

/** The customer tenant a request is for: the segment after `/customers/`, or "" when there is none. */
export function tenantOf(url: string): string {
  const match = /\/customers\/([^/?#]+)/i.exec(new URL(url).pathname);
  return match?.[1]?.toLowerCase() ?? "";
}
