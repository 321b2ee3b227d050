/** Small statistics and scheduling helpers shared by the benchmarks. */

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounds a figure for JSON and tables without losing what matters (3 significant digits). */
export function round3(value) {
  return Number.isFinite(value) ? Number(value.toPrecision(3)) : value;
}

/** Runs `calls` invocations of `op` with at most `concurrency` in flight; resolves with elapsed ms. */
export async function timeBatch(op, calls, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      await op();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  return performance.now() - started;
}

/**
 * Interleaved rounds: every round runs each variant once, starting at a different variant each time,
 * so drift on a noisy machine (other jobs, GC, CPU clocks) lands on all variants alike. Returns the
 * per-call milliseconds of every round, per variant, after `warmupRounds` unrecorded rounds.
 */
export async function interleave(variants, { rounds, warmupRounds = 1, calls, concurrency = 1 }) {
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let round = -warmupRounds; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + Math.max(round, 0)) % variants.length];
      const batchCalls = variant.calls ?? calls;
      const elapsed = await timeBatch(variant.op, batchCalls, variant.concurrency ?? concurrency);
      if (round >= 0) samples[variant.name].push(elapsed / batchCalls);
    }
  }
  return samples;
}

/** Median of the round-by-round ratios a/b: each round's pair ran back to back, under the same load. */
export function pairedRatio(a, b) {
  return median(a.map((value, i) => value / b[i]));
}

/** Median of the round-by-round differences a − b. */
export function pairedDifference(a, b) {
  return median(a.map((value, i) => value - b[i]));
}
