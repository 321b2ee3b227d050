/**
 * Figure 5: one budget per tenant shared through Redis. The 50-tenant batch of the throttling figure
 * (2,000 gets, concurrency 64 per process, 20 per tenant per 2 s on the server, time scaled 30×)
 * runs in one process and in four, the limiters sharing windows in Redis; the same four with limiters
 * of their own show what sharing prevents. "Of allowed" is the throttling figure's measure; "ceiling"
 * is the best any limiter could do at this client's own speed: the shortest time plus the time the
 * run took to send the first window's worth, which no limit holds back.
 *
 * Then the store's own cost: µs per decision, Redis (through node-redis) against the in-process
 * windows, one at a time and 64 at once.
 */
import { pathToFileURL } from "node:url";
import { startRedis } from "./redis-server.mjs";
import { runSharedBatch } from "./shared-throttling.mjs";
import { median, round3 } from "./stats.mjs";

export const REDIS_THROTTLING_DEFAULTS = {
  tenants: 50,
  limit: 20,
  windowInMs: 2000,
  windowsPerTenant: 2,
  concurrency: 64,
  rounds: 2,
  decisions: 4000,
};

const VARIANTS = [
  { name: "1 process, in-process limiter", processes: 1, store: "memory" },
  { name: "1 process, Redis store", processes: 1, store: "redis" },
  { name: "4 processes, Redis store", processes: 4, store: "redis" },
  { name: "4 processes, in-process limiters", processes: 4, store: "memory" },
];

/** @param {{ packageRoot: string } & Partial<typeof REDIS_THROTTLING_DEFAULTS>} options */
export async function runRedisThrottling(options) {
  const settings = { ...REDIS_THROTTLING_DEFAULTS, ...options };
  const redis = await startRedis();
  try {
    const runs = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const result = await runSharedBatch({
          ...settings,
          processes: variant.processes,
          store: variant.store,
          redis: { url: redis.url },
        });
        runs[variant.name].push(withCeiling(result, settings));
      }
    }
    return {
      settings: {
        ...settings,
        packageRoot: undefined,
        calls: settings.tenants * settings.limit * settings.windowsPerTenant,
      },
      variants: VARIANTS.map((v) => ({ name: v.name, ...summarize(runs[v.name]) })),
      decision: await measureDecisions(settings, redis.url),
    };
  } finally {
    await redis.stop();
  }
}

/** The run's ceiling: (windows − 1) · window, plus the time its first window's worth took to arrive. */
function withCeiling(result, { tenants, limit, windowInMs, windowsPerTenant }) {
  const times = result.arrivals.map(([, at]) => at).sort((a, b) => a - b);
  const firstWindowWorth = (times[tenants * limit - 1] ?? times.at(-1)) - times[0];
  const shortestInMs = (windowsPerTenant - 1) * windowInMs;
  const ceilingInMs = shortestInMs + firstWindowWorth;
  return {
    ...result,
    arrivals: undefined,
    ofCeiling: ceilingInMs / result.elapsedInMs,
    ceiling: shortestInMs / ceilingInMs,
  };
}

function summarize(runs) {
  const pick = (key) => round3(median(runs.map((run) => run[key])));
  return {
    rounds: runs.length,
    elapsedInMs: pick("elapsedInMs"),
    ofAllowed: pick("ofAllowed"),
    ceiling: pick("ceiling"),
    ofCeiling: pick("ofCeiling"),
    responses429: pick("responses429"),
    lost: pick("lost"),
    mostInAnyWindow: Math.max(...runs.map((run) => run.mostInAnyWindow)),
    storeWarnings: runs.reduce((sum, run) => sum + run.warningsPerProcess.reduce((a, b) => a + b, 0), 0),
    worstRound: {
      responses429: Math.max(...runs.map((run) => run.responses429)),
      lost: Math.max(...runs.map((run) => run.lost)),
    },
  };
}

/** µs per decision (take and settle) of each store, sequential and 64 in flight. */
async function measureDecisions({ packageRoot, decisions }, url) {
  const { LocalWindows } = await import(
    pathToFileURL(`${packageRoot}/dist/pipeline/rate-limit-store.js`).href
  );
  const { RedisRateLimitStore } = await import(pathToFileURL(`${packageRoot}/dist/redis/store.js`).href);
  const { createClient } = await import("redis");
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  try {
    const clock = { now: () => Date.now(), sleep: () => Promise.resolve() };
    const local = new LocalWindows(clock, 60_000);
    const redisStore = new RedisRateLimitStore({ client, keyPrefix: `bench-decisions:${Date.now()}:` });
    const tenant = (i) => `tenant-${i % 1000}`;
    const localDecision = async (i) => {
      const slot = local.take(tenant(i), 1_000_000);
      local.settle(slot);
    };
    let round = 0;
    const redisDecision = async (i) => {
      const decision = await redisStore.take(`${round}-${tenant(i)}`, 1_000_000, 60_000);
      if (decision.granted) await redisStore.settle(`${round}-${tenant(i)}`, decision.sendId, 60_000);
    };
    const timed = async (decide, width) => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (next < decisions) await decide(next++);
        }),
      );
      return ((performance.now() - started) * 1000) / decisions;
    };
    const results = { local: { 1: [], 64: [] }, redis: { 1: [], 64: [] } };
    await timed(redisDecision, 64); // warm-up: script cache, JIT
    for (round = 1; round <= 3; round++) {
      for (const width of [1, 64]) {
        results.local[width].push(await timed(localDecision, width));
        results.redis[width].push(await timed(redisDecision, width));
      }
    }
    const us = (list) => round3(median(list));
    const row = (width) => ({
      inProcessInUs: us(results.local[width]),
      redisInUs: us(results.redis[width]),
      ratio: round3(median(results.redis[width]) / median(results.local[width])),
    });
    return { decisions, sequential: row(1), concurrent64: row(64) };
  } finally {
    client.destroy();
  }
}
