/**
 * One batch of gets run by several worker processes (redis-worker.mjs) against the loopback order
 * server with its per-tenant sliding-window limit: the limiters either share windows in Redis or
 * keep their own. The server logs every arrival, so the result says both how fast the batch went and
 * whether any window, as the server counts it, held more than the limit.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tenantId } from "./fixtures.mjs";
import { spawnServer } from "./server-process.mjs";
import { mostInAnyWindow } from "./sliding-window.mjs";

const WORKER = fileURLToPath(new URL("./redis-worker.mjs", import.meta.url));
const SERVICE_WINDOW_IN_MS = 60_000;
const WARMUP_TENANTS_PER_PROCESS = 20;
const WARMUP_CALLS_PER_TENANT = 10;

/**
 * @param {{ packageRoot: string, processes: number, store: "redis" | "redis-cluster" | "ioredis" | "memory",
 *   redis?: { url?: string, urls?: string[] }, tenants: number, limit: number, windowInMs: number,
 *   windowsPerTenant: number, concurrency: number, storeTimeoutInMs?: number, retryOptions?: object,
 *   keyPrefix?: string, warmup?: boolean, whileRunning?: () => Promise<void> }} options
 */
export async function runSharedBatch(options) {
  const { processes, tenants, limit, windowInMs, windowsPerTenant } = options;
  const timeScale = SERVICE_WINDOW_IN_MS / windowInMs;
  const total = tenants * limit * windowsPerTenant;
  const server = await spawnServer({ throttle: { limit, windowInMs, timeScale }, recordArrivals: true });
  const workers = [];
  // One prefix for every worker of the run (they share its keys), new for each run.
  const keyPrefix = options.keyPrefix ?? `bench:${process.pid}:${Date.now()}:`;
  try {
    for (let p = 0; p < processes; p++) {
      const calls = [];
      for (let i = p; i < total; i += processes) calls.push(tenantId(i % tenants));
      const warmupTenants = [];
      if (options.warmup !== false) {
        for (let k = 0; k < WARMUP_TENANTS_PER_PROCESS * WARMUP_CALLS_PER_TENANT; k++)
          warmupTenants.push(
            tenantId(100_000 + p * WARMUP_TENANTS_PER_PROCESS + (k % WARMUP_TENANTS_PER_PROCESS)),
          );
      }
      workers.push(
        startWorker({
          packageRoot: options.packageRoot,
          endpoint: server.endpoint,
          store: options.store,
          redis: options.redis,
          keyPrefix,
          limit,
          timeScale,
          concurrency: options.concurrency,
          storeTimeoutInMs: options.storeTimeoutInMs,
          retryOptions: options.retryOptions,
          calls,
          warmupTenants,
        }),
      );
    }
    await Promise.all(workers.map((worker) => worker.ready));
    const started = performance.now();
    for (const worker of workers) worker.child.send({ type: "go" });
    const during = options.whileRunning?.();
    const results = await Promise.all(workers.map((worker) => worker.done));
    const elapsedInMs = performance.now() - started;
    await during;

    const batchTenants = new Set(Array.from({ length: tenants }, (_, i) => tenantId(i)));
    /** @type {[tenant: string, epochMs: number, status: number][]} Every request of the batch's tenants, as the server saw it. */
    const arrivals = (await server.stats()).arrivals.filter(([tenant]) => batchTenants.has(tenant));
    const ok = results.reduce((sum, r) => sum + r.ok, 0);
    const shortestInMs = (windowsPerTenant - 1) * windowInMs;
    return {
      processes,
      store: options.store,
      calls: total,
      ok,
      lost: total - ok,
      failures: mergeCounts(results.map((r) => r.failures)),
      responses429: arrivals.filter(([, , status]) => status === 429).length,
      serverRequests: arrivals.length,
      elapsedInMs,
      ofAllowed: ok / elapsedInMs / (total / shortestInMs),
      mostInAnyWindow: mostPerTenant(arrivals, windowInMs),
      warningsPerProcess: results.map((r) => r.warnings.length),
      warnings: [...new Set(results.flatMap((r) => r.warnings))],
      arrivals,
    };
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    await server.close();
  }
}

/**
 * The most arrivals (any answer) of one tenant in any window, over all tenants.
 * @param {[string, number, number][]} arrivals
 * @param {number} windowInMs
 */
export function mostPerTenant(arrivals, windowInMs) {
  const byTenant = new Map();
  for (const [tenant, at] of arrivals) {
    if (!byTenant.has(tenant)) byTenant.set(tenant, []);
    byTenant.get(tenant).push(at);
  }
  let most = 0;
  for (const times of byTenant.values()) most = Math.max(most, mostInAnyWindow(times, windowInMs));
  return most;
}

function startWorker(settings) {
  const child = fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  child.send(settings);
  let onReady;
  let onDone;
  const failed = new Promise((_, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`worker exited early (${code ?? signal})`)));
  });
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  const done = new Promise((resolve) => {
    onDone = resolve;
  });
  child.on("message", (message) => {
    if (message.type === "ready") onReady();
    if (message.type === "done") {
      child.removeAllListeners("exit");
      onDone(message);
    }
  });
  failed.catch(() => {});
  return { child, ready: Promise.race([ready, failed]), done: Promise.race([done, failed]) };
}

function mergeCounts(list) {
  const merged = {};
  for (const counts of list)
    for (const [key, n] of Object.entries(counts)) merged[key] = (merged[key] ?? 0) + n;
  return merged;
}
