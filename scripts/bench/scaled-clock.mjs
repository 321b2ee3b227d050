/**
 * A Clock (the client's `clock` option) on which time runs `scale` times faster than real time, so
 * the client's one-minute throttling window lasts 60 s / scale of real time. Everything waiting on it
 * (the limiter, Retry-After, back-off) is compressed alike, as if the whole run were sped up.
 */
export function scaledClock(scale) {
  const origin = Date.now();
  const startedAt = performance.now();
  return {
    now: () => origin + (performance.now() - startedAt) * scale,
    sleep: (ms, abortSignal) =>
      new Promise((resolve, reject) => {
        if (abortSignal?.aborted) return reject(abortSignal.reason);
        const onAbort = () => {
          clearTimeout(timer);
          reject(abortSignal.reason);
        };
        const timer = setTimeout(
          () => {
            abortSignal?.removeEventListener("abort", onAbort);
            resolve();
          },
          Math.max(0, ms / scale),
        );
        abortSignal?.addEventListener("abort", onAbort, { once: true });
      }),
  };
}
