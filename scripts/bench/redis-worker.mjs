/**
 * One worker process of a shared-limit run: a PartnerCenterClient whose limiter keeps its windows in
 * Redis (node-redis, a node-redis Cluster client or ioredis) or in the process ("memory"). The parent
 * (shared-throttling.mjs) forks it with its settings as JSON; it warms up, says "ready", runs its
 * share of the batch on "go", and answers "done" with its counts. Time is scaled like the server's.
 */
import { pathToFileURL } from "node:url";
import { runGetBatch } from "./get-batch.mjs";
import { scaledClock } from "./scaled-clock.mjs";

// Settings come over IPC: a batch's tenant list is too long for a command line.
const settings = await new Promise((resolve) => process.once("message", resolve));
const { packageRoot, endpoint, store: storeKind, redis, limit, timeScale, concurrency, calls } = settings;

const pkg = await import(pathToFileURL(`${packageRoot}/dist/index.js`).href);
const { RedisRateLimitStore } = await import(pathToFileURL(`${packageRoot}/dist/redis/store.js`).href);

const warnings = [];
const connection = await connect();
const store = connection
  ? new RedisRateLimitStore({ client: connection.client, keyPrefix: settings.keyPrefix }, timeScale)
  : undefined;
const client = new pkg.PartnerCenterClient({
  credential: "benchmark-token",
  endpoint,
  // The clock is a test seam, passed under the package's internal symbol (see src/internal.ts).
  [Symbol.for("partner-center-orders.testSeams")]: { clock: scaledClock(timeScale) },
  throttling: { requestsPerMinute: limit, store, storeTimeoutInMs: settings.storeTimeoutInMs },
  retryOptions: settings.retryOptions,
  // Only the limiter's own warnings; the pipeline's retry lines are counted by the server's log.
  logger: { warn: (message) => message.includes("rate limit store") && warnings.push(message) },
});

async function connect() {
  const reconnectStrategy = (retries) => Math.min(50 * (retries + 1), 500);
  if (storeKind === "redis") {
    const { createClient } = await import("redis");
    const client = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy } });
    client.on("error", () => {}); // outages are the limiter's business; the run goes on
    await client.connect();
    return { client, close: () => client.destroy() };
  }
  if (storeKind === "redis-cluster") {
    const { createCluster } = await import("redis");
    const cluster = createCluster({
      rootNodes: redis.urls.map((url) => ({ url })),
      defaults: { disableOfflineQueue: true, socket: { reconnectStrategy } },
    });
    cluster.on("error", () => {});
    await cluster.connect();
    return { client: cluster, close: () => cluster.destroy() };
  }
  if (storeKind === "ioredis") {
    const { Redis } = await import("ioredis");
    const client = new Redis(redis.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    });
    client.on("error", () => {});
    await client.connect();
    return { client, close: () => client.disconnect() };
  }
  return undefined;
}

// Warm-up on tenants of their own (JIT, sockets, script cache), so the timed batch measures the
// steady state a long-running worker is in.
await runGetBatch(
  client,
  settings.warmupTenants ?? [],
  Math.min(concurrency, settings.warmupTenants?.length ?? 0),
);
warnings.length = 0;
process.send({ type: "ready" });
process.on("message", async (message) => {
  if (message.type !== "go") return;
  const started = performance.now();
  const result = await runGetBatch(client, calls, concurrency);
  const elapsedInMs = performance.now() - started;
  process.send({ type: "done", ...result, elapsedInMs, warnings });
  await connection?.close();
  process.disconnect();
});
