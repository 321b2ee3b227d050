/**
 * The abort signal of one attempt: it fires when the call's signal does (with the call's reason) or
 * when the attempt runs out of time. One controller, one timer and one listener, all released by
 * `end()`: AbortSignal.timeout + AbortSignal.any cost several times more per attempt and keep their
 * timer and listener until they fire or are collected.
 *
 * `settle` does not trust the transport to honour the signal: undici links a copied Request's signal
 * to the original only through a WeakRef, so after a garbage collection an abort can fail to reach a
 * fetch that is still waiting, and the attempt would hang past its timeout.
 */

export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** True once the attempt's own time ran out (not the caller's abort). */
  readonly timedOut: boolean;
  /** Settles like `work`, or rejects with the signal's reason as soon as it aborts, whichever is first. */
  settle<T>(work: Promise<T>): Promise<T>;
  /** Clears the timer and the listener on the call's signal. Call it when the attempt is over. */
  end(): void;
}

export function startAttemptSignal(callSignal: AbortSignal, timeoutInMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const forwardAbort = () => controller.abort(callSignal.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  }, timeoutInMs);
  if (callSignal.aborted) forwardAbort();
  else callSignal.addEventListener("abort", forwardAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    settle: (work) => untilAborted(work, controller.signal),
    end() {
      clearTimeout(timer);
      callSignal.removeEventListener("abort", forwardAbort);
    },
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {}); // its late failure is no longer anyone's concern
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
