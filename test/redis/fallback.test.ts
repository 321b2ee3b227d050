/**
 * A client whose limiter shares its windows in a real Redis, while that Redis freezes (connected but
 * silent, as in a network split or a stalled server), answers again, and dies. No call fails or hangs
 * because of it, the logger gets one warning per outage, and the client goes back to Redis once it
 * answers.
 */
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisProcess, startRedis } from "../../scripts/bench/redis-server.mjs";
import { PartnerCenterClient } from "../../src/client.js";
import { RedisRateLimitStore } from "../../src/redis/store.js";
import { json, type LoopbackServer, startServer } from "../helpers/loopback-server.js";

const CUSTOMER = "0c5ba1ad-0000-4000-8000-000000000001";
const KEY_PREFIX = "fallback-test:";

let redis: RedisProcess;
let api: LoopbackServer;
let connection: ReturnType<typeof createClient>;
let observer: ReturnType<typeof createClient>;

beforeAll(async () => {
  redis = await startRedis();
  connection = createClient({
    url: redis.url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(50 * (retries + 1), 300) },
  });
  connection.on("error", () => {});
  await connection.connect();
  observer = createClient({ url: redis.url });
  observer.on("error", () => {});
  await observer.connect();
  api = await startServer((request, response) =>
    json(response, 200, { id: request.url.split("/").pop(), referenceCustomerId: CUSTOMER, lineItems: [] }),
  );
});

afterAll(async () => {
  connection?.destroy();
  observer?.destroy();
  await redis?.stop();
  await api?.close();
});

/** Runs `count` gets; fails the test instead of hanging if they do not all finish in time. */
async function calls(client: PartnerCenterClient, count: number): Promise<void> {
  const all = Promise.all(Array.from({ length: count }, (_, i) => client.orders.get(CUSTOMER, `order-${i}`)));
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${count} calls did not finish within 10 s`)), 10_000);
  });
  try {
    await Promise.race([all, bound]);
  } finally {
    clearTimeout(timer);
  }
}

const sendsInRedis = () => observer.zCard(`${KEY_PREFIX}{${CUSTOMER}}`);

describe("limiter with a Redis store when Redis fails", () => {
  it("freezes, answers again, dies: every call completes, one warning per outage, Redis used again", async () => {
    const warnings: string[] = [];
    const debug: string[] = [];
    const client = new PartnerCenterClient({
      credential: "test-token",
      endpoint: api.endpoint,
      throttling: {
        requestsPerMinute: 100,
        store: new RedisRateLimitStore({ client: connection, keyPrefix: KEY_PREFIX }),
        storeTimeoutInMs: 100,
      },
      logger: { warn: (message) => warnings.push(message), debug: (message) => debug.push(message) },
    });

    await calls(client, 3);
    expect(await sendsInRedis()).toBe(3);
    expect(warnings).toEqual([]);

    redis.freeze();
    const frozenAt = performance.now();
    await calls(client, 5);
    // Only the first call waited for the store's time limit; the others were limited locally at once.
    expect(performance.now() - frozenAt).toBeLessThan(5_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/rate limit store failed \(no answer within 100 ms\)/);

    redis.thaw();
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // past the second before it is tried again
    const beforeRecovery = await sendsInRedis();
    await calls(client, 4);
    // The probe and the calls after it were recorded in Redis again.
    expect(await sendsInRedis()).toBeGreaterThanOrEqual(beforeRecovery + 3);
    expect(debug.some((line) => line.includes("answers again"))).toBe(true);
    expect(warnings).toHaveLength(1);

    await redis.stop();
    await calls(client, 5);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/rate limit store failed/);
    // The limiter only counts; a store's outage is never the requests' failure.
    expect(api.requests.length).toBe(17);
  });
});
