/**
 * The Redis store against a real redis-server: the sliding window (not fixed windows), the server's
 * clock, keys per tenant with a hash tag and an expiry, EVALSHA falling back to EVAL after the
 * script cache is flushed, and the same through ioredis.
 */
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisProcess, startRedis } from "../../scripts/bench/redis-server.mjs";
import type { RateLimitStore } from "../../src/pipeline/rate-limit-store.js";
import { redisRateLimitStore } from "../../src/redis/index.js";
import { RedisRateLimitStore } from "../../src/redis/store.js";

let server: RedisProcess;
let nodeRedis: ReturnType<typeof createClient>;
let ioredis: Redis;

beforeAll(async () => {
  server = await startRedis();
  nodeRedis = createClient({ url: server.url });
  nodeRedis.on("error", () => {});
  await nodeRedis.connect();
  ioredis = new Redis(server.url, { lazyConnect: true });
  await ioredis.connect();
});

afterAll(async () => {
  nodeRedis?.destroy();
  ioredis?.disconnect();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A 60 s window on a server clock running 60× faster: one real second. */
const SCALE = 60;
const WINDOW = 60_000;

/** Asks `tries` times; each granted send is answered (settled) at once. */
async function grants(store: RateLimitStore, tenant: string, tries: number, limit: number): Promise<number> {
  let granted = 0;
  for (let i = 0; i < tries; i++) {
    const decision = await store.take(tenant, limit, WINDOW);
    if (!decision.granted) continue;
    granted++;
    await store.settle(tenant, decision.sendId, WINDOW);
  }
  return granted;
}

describe.each([
  ["node-redis", () => nodeRedis],
  ["ioredis", () => ioredis],
] as const)("Redis store through %s", (name, client) => {
  const prefix = `test:${name}:`;

  it("grants the limit, then answers how long until the oldest send leaves the window", async () => {
    const store = new RedisRateLimitStore({ client: client(), keyPrefix: prefix }, SCALE);
    expect(await grants(store, "t1", 3, 3)).toBe(3);
    const refused = await store.take("t1", 3, WINDOW);
    expect(refused.granted).toBe(false);
    const retryInMs = refused.granted ? 0 : refused.retryInMs;
    expect(retryInMs).toBeGreaterThan(0);
    expect(retryInMs).toBeLessThanOrEqual(WINDOW);
    // One sorted set per tenant, named with the tenant as hash tag, that expires after the window.
    expect(await nodeRedis.zCard(`${prefix}{t1}`)).toBe(3);
    const ttl = await nodeRedis.pTTL(`${prefix}{t1}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual((2 * WINDOW) / SCALE + 1_000);
  });

  it("slides: sends leave the window one by one, never all at a window edge", async () => {
    // A three-second window here, so a busy machine cannot blur its halves.
    const store = new RedisRateLimitStore({ client: client(), keyPrefix: prefix }, 20);
    expect(await grants(store, "t2", 2, 4)).toBe(2);
    await sleep(1_500); // half a window later
    expect(await grants(store, "t2", 2, 4)).toBe(2);
    expect(await grants(store, "t2", 1, 4)).toBe(0);
    await sleep(1_700); // the first two have left the window, the last two have not
    expect(await grants(store, "t2", 4, 4)).toBe(2);
  });

  it("counts a send until a window after its answer, however long its request took", async () => {
    const store = new RedisRateLimitStore({ client: client(), keyPrefix: prefix }, SCALE);
    const first = await store.take("t3", 1, WINDOW);
    if (!first.granted) throw new Error("expected a grant");
    await sleep(1_100); // a request out for longer than the window: its send still counts
    expect(await grants(store, "t3", 1, 1)).toBe(0);
    await store.settle("t3", first.sendId, WINDOW);
    expect(await grants(store, "t3", 1, 1)).toBe(0);
    await sleep(1_100); // a window after the answer
    expect(await grants(store, "t3", 1, 1)).toBe(1);
  });

  it("loads the script again when the server has forgotten it (NOSCRIPT)", async () => {
    const store = redisRateLimitStore({ client: client(), keyPrefix: prefix });
    await nodeRedis.scriptFlush();
    expect((await store.take("t4", 5, WINDOW)).granted).toBe(true);
    expect(await nodeRedis.zCard(`${prefix}{t4}`)).toBe(1);
  });
});

describe("redisRateLimitStore options", () => {
  it("rejects a client that is neither node-redis nor ioredis, and braces in the prefix", () => {
    expect(() => redisRateLimitStore({ client: {} as never })).toThrow(/redis.*ioredis/);
    expect(() => redisRateLimitStore({ client: nodeRedis, keyPrefix: "a{b}" })).toThrow(/\{ or \}/);
  });
});
