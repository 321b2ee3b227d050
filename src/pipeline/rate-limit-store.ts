/**
 * Where the per-tenant sliding windows are kept. The limiter asks a store "may this tenant send now,
 * or in how many ms?"; the store answers and records the send in one step, so two processes sharing
 * a store can never both take the last slot. By default the windows live in this process
 * (`LocalWindows`); `partner-center-orders/redis` keeps them in Redis for many processes.
 */
import type { Clock } from "./clock.js";

/**
 * A store's answer: the send is recorded under `sendId` (and `inWindow` sends of the tenant, this one
 * included, are now in the window, when the store knows), or the tenant must wait `retryInMs`.
 */
export type RateLimitDecision =
  | { granted: true; sendId: string; inWindow?: number }
  | { granted: false; retryInMs: number };

/**
 * A sliding-window counter per tenant shared by every process that uses it. Durations are in the
 * limiter clock's milliseconds. Both methods must be atomic per tenant.
 */
export interface RateLimitStore {
  /**
   * When fewer than `limit` sends of `tenant` are recorded within the last `windowInMs`, records one,
   * dated now, and grants it; otherwise answers how long until the oldest one leaves the window.
   */
  take(tenant: string, limit: number, windowInMs: number): Promise<RateLimitDecision>;
  /**
   * Re-dates a granted send to now (never earlier), adding it back if it had already expired: the
   * answer is in, so the service has counted the request by now.
   */
  settle(tenant: string, sendId: string, windowInMs: number): Promise<void>;
}

/** One send counted against a tenant's window in this process. */
export interface Slot {
  /** When the send counts from: hand-out time, moved later by `settle`. */
  at: number;
}

const TENANTS_BEFORE_SWEEP = 256;

/**
 * The in-process windows: slots in hand-out order per tenant. Synchronous, so the limiter's fast
 * path costs no promise. Expired slots leave from the front only: one settled late holds back those
 * handed out after it until it expires too (the safe side).
 */
export class LocalWindows {
  readonly #clock: Clock;
  readonly #windowInMs: number;
  #sent = new Map<string, Slot[]>();
  /** Slots that have left their window (to their tenant), so `settle` knows to count them again. */
  #expired = new WeakMap<Slot, string>();

  constructor(clock: Clock, windowInMs: number) {
    this.#clock = clock;
    this.#windowInMs = windowInMs;
  }

  /** A slot of `tenant` when fewer than `limit` are in the window, else the ms until one leaves it. */
  take(tenant: string, limit: number): Slot | number {
    return this.waitFor(tenant, limit) ?? this.record(tenant);
  }

  /** The ms until `tenant` may send with at most `limit` in the window, or undefined for now. */
  waitFor(tenant: string, limit: number): number | undefined {
    const sent = this.#current(tenant);
    if (sent.length < limit) return undefined;
    const oldest = sent[0]?.at ?? this.#clock.now();
    return Math.max(1, oldest + this.#windowInMs - this.#clock.now());
  }

  /** Sends of `tenant` in the window now. */
  count(tenant: string): number {
    return this.#sent.has(tenant) ? this.#current(tenant).length : 0;
  }

  /** Counts a send without asking: one another store granted, kept here for when that store fails. */
  record(tenant: string): Slot {
    const slot: Slot = { at: this.#clock.now() };
    this.#current(tenant).push(slot);
    return slot;
  }

  /** Dates the slot no earlier than now, counting it again if it had left the window meanwhile. */
  settle(slot: Slot): void {
    slot.at = Math.max(slot.at, this.#clock.now());
    const tenant = this.#expired.get(slot);
    if (tenant === undefined) return;
    this.#expired.delete(slot);
    this.#current(tenant).push(slot);
  }

  #current(tenant: string): Slot[] {
    let sent = this.#sent.get(tenant);
    if (!sent) {
      if (this.#sent.size >= TENANTS_BEFORE_SWEEP) this.#sweep();
      sent = [];
      this.#sent.set(tenant, sent);
    }
    this.#forgetExpired(tenant, sent);
    return sent;
  }

  #forgetExpired(tenant: string, sent: Slot[]): void {
    const horizon = this.#clock.now() - this.#windowInMs;
    let expired = 0;
    while (expired < sent.length && (sent[expired]?.at ?? 0) <= horizon) {
      this.#expired.set(sent[expired] as Slot, tenant);
      expired++;
    }
    if (expired > 0) sent.splice(0, expired);
  }

  /** Drops idle tenants so a partner with many customers does not grow the map forever. */
  #sweep(): void {
    for (const [tenant, sent] of this.#sent) {
      this.#forgetExpired(tenant, sent);
      if (sent.length === 0) this.#sent.delete(tenant);
    }
  }
}
