/**
 * A shared RateLimitStore behind a time limit, so the limiter never waits on it for long nor fails
 * because of it. When a call fails or is late, the store counts as down: the limiter keeps this
 * process to the limit on its own (`undefined` answers), one warning goes to the logger, and after
 * `retryAfterInMs` a single call probes the store again; once it answers, it is used again.
 *
 * Why not fail the call instead: a 429 from the service is retried safely, while an order refused
 * because a limiter was unreachable is not placed at all.
 */
import type { PartnerCenterLogger } from "./pipeline.js";
import type { RateLimitDecision, RateLimitStore } from "./rate-limit-store.js";

export interface SharedStoreOptions {
  /** Longest wait for one store call, in real milliseconds. */
  timeoutInMs: number;
  /** How long the store is left alone after a failure before one call tries it again. */
  retryAfterInMs: number;
  logger: PartnerCenterLogger | undefined;
}

/** Fallback sends offered to the store at once, at most. */
const RECORDS_IN_FLIGHT = 32;

class StoreTimeoutError extends Error {
  override name = "StoreTimeoutError";
}

export class SharedStore {
  readonly #store: RateLimitStore;
  readonly #options: SharedStoreOptions;
  /** Real time (performance.now) before which the store is not asked; 0 while it answers. */
  #downUntil = 0;
  #probing = false;
  #recording = 0;

  constructor(store: RateLimitStore, options: SharedStoreOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** True while the store is considered down. */
  get down(): boolean {
    return this.#downUntil > 0;
  }

  /** The store's decision, or undefined when it is down or did not answer in time. */
  async take(tenant: string, limit: number, windowInMs: number): Promise<RateLimitDecision | undefined> {
    const probe = this.#downUntil > 0;
    if (probe && (this.#probing || performance.now() < this.#downUntil)) return undefined;
    this.#probing = probe;
    try {
      const decision = await this.#bounded(this.#store.take(tenant, limit, windowInMs));
      if (probe) {
        this.#downUntil = 0;
        this.#options.logger?.debug?.("The shared rate limit store answers again; using it from now on.");
      }
      return decision;
    } catch (error) {
      this.#markDown(error);
      return undefined;
    } finally {
      if (probe) this.#probing = false;
    }
  }

  /**
   * Records, in the background, a send this process granted on its own while the store was set aside,
   * so other processes still using the store count it (a late or partial outage). Resolves with the
   * store's id of the send, or undefined when the store did not take it.
   */
  async record(tenant: string, windowInMs: number): Promise<string | undefined> {
    // Few at a time: a client that queues commands while disconnected would otherwise replay a whole
    // outage's sends on reconnecting, each holding a slot for two windows.
    if (this.#recording >= RECORDS_IN_FLIGHT) return undefined;
    this.#recording++;
    try {
      const decision = await this.#bounded(this.#store.take(tenant, Number.MAX_SAFE_INTEGER, windowInMs));
      return decision.granted ? decision.sendId : undefined;
    } catch {
      return undefined; // already set aside; the next probe decides when to use it again
    } finally {
      this.#recording--;
    }
  }

  /** Re-dates a send in the background; a failure only marks the store down. */
  settle(tenant: string, sendId: string, windowInMs: number): void {
    if (this.#downUntil > 0) return;
    this.#bounded(this.#store.settle(tenant, sendId, windowInMs)).catch((error: unknown) =>
      this.#markDown(error),
    );
  }

  #markDown(error: unknown): void {
    const wasDown = this.#downUntil > 0;
    this.#downUntil = performance.now() + this.#options.retryAfterInMs;
    if (wasDown) return;
    const reason = error instanceof StoreTimeoutError ? error.message : describe(error);
    this.#options.logger?.warn?.(
      `The shared rate limit store failed (${reason}); this process limits itself alone until it answers again.`,
    );
  }

  #bounded<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // The rejection waits for the I/O phase after the timer: when this process's own event loop
      // was busy past the deadline, an answer already in the socket still counts.
      const timer = setTimeout(
        () =>
          setImmediate(() =>
            reject(new StoreTimeoutError(`no answer within ${this.#options.timeoutInMs} ms`)),
          ),
        this.#options.timeoutInMs,
      );
      work.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }
}

/** The error's name and first line, without credentials a connection URL might carry. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const line = (error.message.split("\n")[0] ?? "").slice(0, 200).replace(/\/\/[^/@\s]*@/g, "//[REDACTED]@");
  return `${error.name}: ${line}`;
}
