/**
 * Time as the pipeline sees it. Retry back-off, throttling and provisioning polls all wait through a
 * Clock, so tests can swap in a manual one instead of sleeping for real.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `abortSignal` aborts. */
  sleep(ms: number, abortSignal?: AbortSignal): Promise<void>;
}

/** The real clock: Date.now() and an abortable setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, abortSignal) => abortableDelay(ms, abortSignal),
};

/** setTimeout as a promise that rejects with the signal's reason when aborted, leaving no timer behind. */
export function abortableDelay(ms: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (abortSignal?.aborted) {
      reject(abortSignal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortSignal?.reason);
    };
    const timer = setTimeout(
      () => {
        abortSignal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    abortSignal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A clock that only moves when told to. `sleep` resolves once `advance` has moved time past its
 * deadline; `sleepers` tells a test whether something is waiting. Exported for tests of code that
 * uses this package, too.
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: { until: number; resolve: () => void }[] = [];

  constructor(startInMs = 0) {
    this.#now = startInMs;
  }

  now(): number {
    return this.#now;
  }

  /** How many sleeps are pending. */
  get sleepers(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, abortSignal?: AbortSignal): Promise<void> {
    if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
    return new Promise<void>((resolve, reject) => {
      const sleeper = {
        until: this.#now + Math.max(0, ms),
        resolve: () => {
          abortSignal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(abortSignal?.reason);
      };
      abortSignal?.addEventListener("abort", onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** Moves time forward and wakes every sleeper whose deadline has passed, earliest first. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.until <= this.#now).sort((a, b) => a.until - b.until);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const sleeper of due) sleeper.resolve();
  }
}
