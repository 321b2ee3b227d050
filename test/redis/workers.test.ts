/**
 * Worker processes (real child processes, scripts/bench/redis-worker.mjs) sharing one budget per
 * tenant through a real Redis, against the loopback order server that logs every arrival. The limit
 * is checked on that log, as the service would count it: never more than `limit` requests of one
 * tenant in any window. Throughput is the benchmark's business, not asserted here.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScratchPackage } from "../../scripts/bench/package-under-test.mjs";
import {
  command,
  type RedisCluster,
  type RedisProcess,
  startCluster,
  startRedis,
} from "../../scripts/bench/redis-server.mjs";
import { mostPerTenant, runSharedBatch } from "../../scripts/bench/shared-throttling.mjs";

let packageRoot = "";

beforeAll(() => {
  packageRoot = buildScratchPackage();
});

afterAll(() => {
  if (packageRoot) rmSync(packageRoot, { recursive: true, force: true });
});

const BATCH = { tenants: 10, limit: 10, windowInMs: 1_000, concurrency: 16 } as const;

describe("four worker processes sharing one Redis", () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("never exceed the limit in any sliding window as the server counts it; no 429, nothing lost", async () => {
    const result = await runSharedBatch({
      ...BATCH,
      packageRoot,
      processes: 4,
      store: "redis",
      redis: { url: redis.url },
      windowsPerTenant: 3,
      // Long enough that a busy machine does not set Redis aside: this test is about the shared window.
      storeTimeoutInMs: 5_000,
    });
    expect(result.lost).toBe(0);
    expect(result.serverRequests).toBe(300);
    expect(result.responses429).toBe(0);
    expect(result.mostInAnyWindow).toBeLessThanOrEqual(BATCH.limit);
    // The budget really was shared: each tenant's window was full at some point.
    expect(result.mostInAnyWindow).toBe(BATCH.limit);
    expect(result.warningsPerProcess).toEqual([0, 0, 0, 0]);
  });

  it("the same four with limiters of their own go over the limit (the check can fail)", async () => {
    const result = await runSharedBatch({
      ...BATCH,
      packageRoot,
      processes: 4,
      store: "memory",
      windowsPerTenant: 3,
    });
    expect(result.responses429).toBeGreaterThan(0);
    expect(result.mostInAnyWindow).toBeGreaterThan(BATCH.limit);
  });

  it("Redis killed mid-run: no call lost, one warning per process, a bounded number of 429s", async () => {
    const killAfterInMs = 1_500;
    let killedAt = 0;
    const result = await runSharedBatch({
      ...BATCH,
      packageRoot,
      processes: 4,
      store: "redis",
      redis: { url: redis.url },
      windowsPerTenant: 4,
      // A dead Redis refuses at once; the long limit keeps a busy machine from setting it aside early.
      storeTimeoutInMs: 5_000,
      whileRunning: async () => {
        await new Promise((resolve) => setTimeout(resolve, killAfterInMs));
        killedAt = performance.timeOrigin + performance.now();
        await redis.stop();
      },
    });
    expect(killedAt).toBeGreaterThan(0);
    expect(result.lost).toBe(0);
    expect(result.warningsPerProcess).toEqual([1, 1, 1, 1]);
    // Before the kill, the shared window held.
    const before = result.arrivals.filter(([, at]) => at < killedAt);
    expect(mostPerTenant(before, BATCH.windowInMs)).toBeLessThanOrEqual(BATCH.limit);
    // After it, each process keeps to its recent share of the limit, rounded up: together at most
    // limit + 3 per tenant per window, so at most 3 refusals per tenant per window left.
    const lastArrival = Math.max(...result.arrivals.map(([, at]) => at));
    const windowsAfter = Math.ceil((lastArrival - killedAt) / BATCH.windowInMs) + 1;
    const bound = (4 - 1) * BATCH.tenants * windowsAfter;
    console.log(
      `Redis killed after ${killAfterInMs} ms: ${result.ok}/${result.calls} calls ok, ${result.responses429} 429s ` +
        `(bound ${bound}), ${result.serverRequests} requests, elapsed ${Math.round(result.elapsedInMs)} ms`,
    );
    expect(result.responses429).toBeLessThanOrEqual(bound);
  });
});

describe("four worker processes sharing a Redis Cluster of three nodes", () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("keep the limit per tenant, with the tenants' keys spread over the nodes", async () => {
    const result = await runSharedBatch({
      ...BATCH,
      packageRoot,
      processes: 4,
      store: "redis-cluster",
      redis: { urls: cluster.nodes.map((node) => node.url) },
      windowsPerTenant: 3,
      storeTimeoutInMs: 5_000,
    });
    expect(result.lost).toBe(0);
    expect(result.responses429).toBe(0);
    expect(result.mostInAnyWindow).toBe(BATCH.limit);
    expect(result.warningsPerProcess).toEqual([0, 0, 0, 0]);
    // Keys live two seconds past their last send: count them on each node now.
    const keysPerNode = await Promise.all(
      cluster.nodes.map(async (node) => Number((await command(node.port, "DBSIZE")).slice(1))),
    );
    expect(keysPerNode.filter((keys) => keys > 0).length).toBeGreaterThanOrEqual(2);
  });
});
