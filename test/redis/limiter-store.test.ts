/**
 * The limiter in front of a shared store, with stores written here (pure logic, no Redis): FIFO and
 * aborts while the store is asked, the time limit and the single warning, the share a process keeps
 * to while the store is away, and what a warning may say.
 */
import { describe, expect, it } from "vitest";
import { PartnerCenterClient } from "../../src/client.js";
import { ManualClock } from "../../src/internal.js";
import type { RateLimitDecision, RateLimitStore } from "../../src/pipeline/rate-limit-store.js";
import { TenantRateLimiter } from "../../src/pipeline/throttle.js";

/** A store counting grants per tenant (no window), that can be switched to failing. */
class CountingStore implements RateLimitStore {
  granted = new Map<string, number>();
  settled: string[] = [];
  failure: Error | "hang" | undefined;
  /** Sends in the window other processes made, per tenant. */
  others = new Map<string, number>();
  #next = 0;

  async take(tenant: string, limit: number): Promise<RateLimitDecision> {
    if (this.failure === "hang") return new Promise(() => {});
    if (this.failure) throw this.failure;
    const mine = this.granted.get(tenant) ?? 0;
    const inWindow = mine + (this.others.get(tenant) ?? 0);
    if (inWindow >= limit) return { granted: false, retryInMs: 1_000 };
    this.granted.set(tenant, mine + 1);
    return { granted: true, sendId: `s${this.#next++}`, inWindow: inWindow + 1 };
  }

  async settle(_tenant: string, sendId: string): Promise<void> {
    this.settled.push(sendId);
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("TenantRateLimiter with a shared store", () => {
  it("grants through the store in FIFO order and settles there; refused calls wait the store's time", async () => {
    const clock = new ManualClock(0);
    const store = new CountingStore();
    const limiter = new TenantRateLimiter(2, clock, { store });
    const order: string[] = [];
    const slots = ["a", "b", "c"].map((name) =>
      limiter.acquire("t").then((slot) => {
        order.push(name);
        return slot;
      }),
    );
    await turn();
    await turn();
    expect(order).toEqual(["a", "b"]);
    expect(clock.sleepers).toBe(1);
    limiter.settle(await (slots[0] as Promise<{ at: number }>));
    await turn();
    expect(store.settled).toEqual(["s0"]);
    clock.advance(1_000); // the store's answer: wait a second; its window has not moved yet
    await turn();
    await turn();
    expect(order).toEqual(["a", "b"]);
    store.granted.set("t", 0); // a minute on, the window is empty in the store and here
    clock.advance(59_000);
    await turn();
    await turn();
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("rejects an aborted waiter while the store is being asked, and serves the next", async () => {
    const clock = new ManualClock(0);
    const store = new CountingStore();
    const limiter = new TenantRateLimiter(5, clock, { store });
    const controller = new AbortController();
    const first = limiter.acquire("t", controller.signal);
    const second = limiter.acquire("t");
    controller.abort(new Error("gave up"));
    await expect(first).rejects.toThrow("gave up");
    await expect(second).resolves.toMatchObject({ at: 0 });
  });

  it("falls back when the store hangs past its time limit: one warning, calls keep being granted", async () => {
    const warnings: string[] = [];
    const store = new CountingStore();
    store.failure = "hang";
    const limiter = new TenantRateLimiter(3, new ManualClock(0), {
      store,
      storeTimeoutInMs: 20,
      logger: { warn: (message) => warnings.push(message) },
    });
    const slots = await Promise.all([limiter.acquire("t"), limiter.acquire("t"), limiter.acquire("u")]);
    expect(slots).toHaveLength(3);
    expect(warnings).toEqual([
      "The shared rate limit store failed (no answer within 20 ms); this process limits itself alone until it answers again.",
    ]);
    // Alone, the process still keeps the limit.
    await limiter.acquire("t");
    let fourth = false;
    void limiter.acquire("t").then(() => {
      fourth = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fourth).toBe(false);
    expect(warnings).toHaveLength(1);
  });

  it("while the store is away, keeps to this process's recent share of each tenant's window", async () => {
    const clock = new ManualClock(0);
    const store = new CountingStore();
    store.others.set("t", 6); // three other processes sent 6 of the last 8
    const limiter = new TenantRateLimiter(20, clock, { store, logger: { warn: () => {} } });
    await limiter.acquire("t");
    await limiter.acquire("t"); // 2 of 8 in the window are ours: a quarter
    store.failure = new Error("connect ECONNREFUSED 127.0.0.1:6379");
    let granted = 0;
    for (let i = 0; i < 10; i++)
      void limiter.acquire("t").then(() => {
        granted++;
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // A quarter of 20 is 5 sends in the window; 2 were already ours.
    expect(granted).toBe(3);
    // A tenant this process has no share for gets the whole limit.
    for (let i = 0; i < 20; i++) await limiter.acquire("new-tenant");
  });

  it("warns with the error's first line, without credentials a connection URL may carry", async () => {
    const warnings: string[] = [];
    const store = new CountingStore();
    store.failure = new Error("connect to redis://admin:s3cret@10.0.0.1:6379 failed\nat stack");
    const limiter = new TenantRateLimiter(3, new ManualClock(0), {
      store,
      logger: { warn: (message) => warnings.push(message) },
    });
    await limiter.acquire("t");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("redis://[REDACTED]@10.0.0.1:6379");
    expect(warnings[0]).not.toContain("s3cret");
    expect(warnings[0]).not.toContain("at stack");
  });

  it("refuses a store without take/settle and a bad time limit before any request", () => {
    const options = { credential: "t0ken", endpoint: "http://127.0.0.1:1/v1" };
    expect(
      () => new PartnerCenterClient({ ...options, throttling: { store: {} as RateLimitStore } }),
    ).toThrow(/take\(\) and settle\(\)/);
    expect(
      () =>
        new PartnerCenterClient({
          ...options,
          throttling: { store: new CountingStore(), storeTimeoutInMs: -1 },
        }),
    ).toThrow(RangeError);
  });
});
