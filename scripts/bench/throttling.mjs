/**
 * Figure 2: throughput under throttling. The server allows `limit` requests per tenant in any
 * `windowInMs` (the service's 500 a minute, with time scaled down) and answers 429 + Retry-After
 * beyond it. A batch of gets over many tenants runs through the client with its limiter matched to the
 * server (same count per window, on a clock scaled the same way), then with the limiter off.
 *
 * Allowed rate: the server can accept at most `limit` per tenant per window, so a batch of
 * k·limit calls per tenant cannot finish before (k − 1) windows have passed. "Of allowed" is that
 * shortest possible time over the time the batch took.
 */
import { tenantId } from "./fixtures.mjs";
import { runGetBatch } from "./get-batch.mjs";
import { scaledClock } from "./scaled-clock.mjs";
import { spawnServer } from "./server-process.mjs";
import { median, round3 } from "./stats.mjs";

const SERVICE_WINDOW_IN_MS = 60_000;

export const THROTTLING_DEFAULTS = {
  tenants: 8,
  /**
   * Requests per tenant per window: the service allows 500 a minute; here 20 per 2 s (time 30× faster).
   * Compressing time does not compress the client's own CPU time per request, so the window is kept
   * long enough that a window's burst (tenants × limit requests) takes a small part of it.
   */
  limit: 20,
  windowInMs: 2000,
  /** Windows' worth of calls per tenant in the batch. */
  windowsPerTenant: 4,
  /** Calls in flight at once, as a batch job with a worker pool would run them. */
  concurrency: 64,
  rounds: 3,
};

/** @param {{ pkg: object } & Partial<typeof THROTTLING_DEFAULTS>} options */
export async function runThrottling(options) {
  const settings = { ...THROTTLING_DEFAULTS, ...options };
  const runs = { limiterOn: [], limiterOff: [] };
  // Alternate the two variants, each on a fresh server (fresh windows), so drift hits both alike.
  for (let round = 0; round < settings.rounds; round++) {
    for (const variant of round % 2 === 0 ? ["limiterOn", "limiterOff"] : ["limiterOff", "limiterOn"]) {
      runs[variant].push(await runBatch(settings, variant === "limiterOn"));
    }
  }
  const total = settings.tenants * settings.limit * settings.windowsPerTenant;
  return {
    settings: { ...settings, pkg: undefined, requests: total, allowedPerSecond: allowedPerSecond(settings) },
    limiterOn: summarize(runs.limiterOn),
    limiterOff: summarize(runs.limiterOff),
  };
}

function allowedPerSecond({ tenants, limit, windowInMs }) {
  return (tenants * limit * 1000) / windowInMs;
}

async function runBatch(settings, limiterOn) {
  const { pkg, tenants, limit, windowInMs, windowsPerTenant, concurrency } = settings;
  const timeScale = SERVICE_WINDOW_IN_MS / windowInMs;
  const server = await spawnServer({ throttle: { limit, windowInMs, timeScale } });
  try {
    const client = new pkg.PartnerCenterClient({
      credential: "benchmark-token",
      endpoint: server.endpoint,
      // The clock is a test seam, passed under the package's internal symbol (see src/internal.ts).
      [Symbol.for("partner-center-orders.testSeams")]: { clock: scaledClock(timeScale) },
      throttling: limiterOn ? { requestsPerMinute: limit } : false,
    });
    const calls = tenants * limit * windowsPerTenant;
    const customerIds = Array.from({ length: calls }, (_, i) => tenantId(i % tenants));
    const started = performance.now();
    const { ok, failures } = await runGetBatch(client, customerIds, concurrency);
    const elapsedInMs = performance.now() - started;
    const stats = await server.stats();
    const shortestInMs = (windowsPerTenant - 1) * windowInMs;
    return {
      calls,
      ok,
      lost: calls - ok,
      failures,
      responses429: stats.throttled,
      serverRequests: stats.requests,
      elapsedInMs,
      okPerSecond: (ok * 1000) / elapsedInMs,
      // Calls that succeeded per second, against the best rate the server allows for this batch.
      ofAllowed: ok / elapsedInMs / (calls / shortestInMs),
    };
  } finally {
    await server.close();
  }
}

function summarize(runs) {
  const pick = (key) => round3(median(runs.map((run) => run[key])));
  return {
    rounds: runs.length,
    elapsedInMs: pick("elapsedInMs"),
    okPerSecond: pick("okPerSecond"),
    ofAllowed: pick("ofAllowed"),
    responses429: pick("responses429"),
    lost: pick("lost"),
    worstRound: {
      responses429: Math.max(...runs.map((run) => run.responses429)),
      lost: Math.max(...runs.map((run) => run.lost)),
    },
    failures: mergeCounts(runs.map((run) => run.failures)),
  };
}

function mergeCounts(list) {
  const merged = {};
  for (const counts of list)
    for (const [key, n] of Object.entries(counts)) merged[key] = (merged[key] ?? 0) + n;
  return merged;
}
