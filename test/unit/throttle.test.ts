import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/internal.js";
import { TenantRateLimiter, tenantOf } from "../../src/pipeline/throttle.js";

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("TenantRateLimiter", () => {
  it("lets requestsPerMinute through at once, then holds the rest until the window moves", async () => {
    const clock = new ManualClock(0);
    const limiter = new TenantRateLimiter(2, clock);
    const granted: number[] = [];
    for (const n of [1, 2, 3]) void limiter.acquire("a").then(() => granted.push(n));
    await settle();
    expect(granted).toEqual([1, 2]);
    expect(limiter.queuedFor("a")).toBe(1);
    clock.advance(59_999);
    await settle();
    expect(granted).toEqual([1, 2]);
    clock.advance(1);
    await settle();
    expect(granted).toEqual([1, 2, 3]);
  });

  it("serves waiters first in, first out", async () => {
    const clock = new ManualClock(0);
    const limiter = new TenantRateLimiter(1, clock);
    await limiter.acquire("a");
    const order: string[] = [];
    for (const name of ["x", "y", "z"]) void limiter.acquire("a").then(() => order.push(name));
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await settle();
    }
    expect(order).toEqual(["x", "y", "z"]);
  });

  it("keeps tenants independent: a full tenant does not delay another", async () => {
    const clock = new ManualClock(0);
    const limiter = new TenantRateLimiter(1, clock);
    await limiter.acquire("busy");
    let busyGranted = false;
    void limiter.acquire("busy").then(() => {
      busyGranted = true;
    });
    await expect(limiter.acquire("quiet")).resolves.toEqual({ at: 0 });
    expect(busyGranted).toBe(false);
  });

  it("removes an aborted waiter from the queue and rejects with the reason", async () => {
    const clock = new ManualClock(0);
    const limiter = new TenantRateLimiter(1, clock);
    await limiter.acquire("a");
    const controller = new AbortController();
    const aborted = limiter.acquire("a", controller.signal);
    let nextGranted = false;
    void limiter.acquire("a").then(() => {
      nextGranted = true;
    });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    expect(limiter.queuedFor("a")).toBe(1);
    clock.advance(60_000);
    await settle();
    expect(nextGranted).toBe(true);
  });

  it("stops waiting on the clock once every queued caller has aborted", async () => {
    const clock = new ManualClock(0);
    const limiter = new TenantRateLimiter(1, clock);
    await limiter.acquire("a");
    const controller = new AbortController();
    const queued = limiter.acquire("a", controller.signal);
    await settle();
    expect(clock.sleepers).toBe(1);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: "AbortError" });
    await settle();
    expect(clock.sleepers).toBe(0);
  });

  it("counts a settled slot from when its answer came, not from when it was handed out", async () => {
    const clock = new ManualClock(0);
    const limiter = new TenantRateLimiter(1, clock);
    const slot = await limiter.acquire("a");
    let nextGranted = false;
    void limiter.acquire("a").then(() => {
      nextGranted = true;
    });
    clock.advance(5_000); // the request reaches the service and is answered 5 s after hand-out
    limiter.settle(slot);
    expect(slot.at).toBe(5_000);
    clock.advance(55_000); // a minute after hand-out, but not after the answer
    await settle();
    expect(nextGranted).toBe(false);
    clock.advance(5_000);
    await settle();
    expect(nextGranted).toBe(true);
  });

  it("never moves a slot earlier when settled", async () => {
    const clock = new ManualClock(10_000);
    const limiter = new TenantRateLimiter(1, clock);
    const slot = await limiter.acquire("a");
    slot.at = 12_000;
    limiter.settle(slot);
    expect(slot.at).toBe(12_000);
  });

  it("keeps a slot settled late ahead of later ones until it expires", async () => {
    const clock = new ManualClock(0);
    const limiter = new TenantRateLimiter(2, clock);
    const slow = await limiter.acquire("a");
    clock.advance(1_000);
    const fast = await limiter.acquire("a");
    limiter.settle(fast); // answered at 1 s
    clock.advance(9_000);
    limiter.settle(slow); // answered at 10 s
    let granted = 0;
    for (let i = 0; i < 2; i++)
      void limiter.acquire("a").then(() => {
        granted++;
      });
    clock.advance(51_000); // 61 s: `fast` has expired, `slow` (front of the window) has not
    await settle();
    expect(granted).toBe(0);
    clock.advance(9_000); // 70 s: both expired
    await settle();
    expect(granted).toBe(2);
  });

  it("keys requests by the customer in the path", () => {
    expect(tenantOf("https://h/v1/customers/4D3CF487-70f4-4e1e-9ff1-b2bfce8d9f04/orders/x")).toBe(
      "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04",
    );
    expect(tenantOf("https://h/v1/other")).toBe("");
  });
});
