import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/internal.js";
import { parseJsonSafely } from "../../src/json.js";
import { createPagedIterator, nextLinkQuery } from "../../src/paging.js";
import {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  isRetryableStatus,
  parseRetryAfter,
} from "../../src/pipeline/retry-policy.js";
import { isOrderProvisioned, isProvisioningSettled } from "../../src/provisioning.js";

describe("retry policy", () => {
  it("retries exactly 408, 429, 500, 502, 503, 504", () => {
    const retried = Array.from({ length: 200 }, (_, i) => i + 400).filter(isRetryableStatus);
    expect(retried).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it.each([
    ["57", 57_000],
    ["0", 0],
    [" 2 ", 2_000],
    ["1.5", 1_500],
  ])("reads Retry-After %j as seconds", (value, expected) => {
    expect(parseRetryAfter(value, 0)).toBe(expected);
  });

  it("reads Retry-After as an HTTP date, a past date meaning now", () => {
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:28:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2026 07:00:00 GMT", now)).toBe(0);
  });

  it.each([null, "", "-5", "soon", "12abc"])("ignores an unreadable Retry-After %j", (value) => {
    expect(parseRetryAfter(value, 0)).toBeUndefined();
  });

  it("backs off exponentially, capped, with half the delay jittered", () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, retryDelayInMs: 1000, maxRetryDelayInMs: 3000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 0))).toEqual([500, 1000, 1500, 1500]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 1))).toEqual([1000, 2000, 3000, 3000]);
  });
});

describe("next links", () => {
  const endpoint = new URL("https://api.partnercenter.microsoft.com/v1/");
  const path = "/customers/c1/orders";

  it("resolves a relative link without /v1 against the endpoint", () => {
    expect(nextLinkQuery("/customers/c1/orders?page=2&size=10", endpoint, path)).toBe("page=2&size=10");
  });

  it("accepts a link that includes /v1, or is absolute on the same origin", () => {
    expect(nextLinkQuery("/v1/customers/c1/orders?page=2", endpoint, path)).toBe("page=2");
    expect(
      nextLinkQuery(
        "https://api.partnercenter.microsoft.com/v1/customers/c1/orders?seek=abc",
        endpoint,
        path,
      ),
    ).toBe("seek=abc");
  });

  it.each([
    "https://attacker.example/customers/c1/orders?page=2",
    "//attacker.example/customers/c1/orders",
    "/customers/c2/orders?page=2",
    "/customers/c1/orders/5cf72f146967",
  ])("refuses %j", (link) => {
    expect(() => nextLinkQuery(link, endpoint, path)).toThrow(/links\.next/);
  });
});

describe("createPagedIterator", () => {
  it("fetches pages lazily", async () => {
    const asked: (string | undefined)[] = [];
    const iterator = createPagedIterator<number>(async (link) => {
      asked.push(link);
      return link === undefined ? { items: [1, 2], nextLink: "p2" } : { items: [3], nextLink: undefined };
    });
    expect(asked).toEqual([]);
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(asked).toEqual([undefined]);
    const rest: number[] = [];
    for await (const n of iterator) rest.push(n);
    expect(rest).toEqual([2, 3]);
    expect(asked).toEqual([undefined, "p2"]);
  });

  it("stops a link cycle that skips a page", async () => {
    const iterator = createPagedIterator<number>(async (link) => ({
      items: [1],
      nextLink: link === undefined ? "a" : link === "a" ? "b" : "a",
    }));
    const pages: number[][] = [];
    await expect(
      (async () => {
        for await (const page of iterator.byPage()) pages.push(page);
      })(),
    ).rejects.toMatchObject({ code: "PAGING_ERROR" });
    expect(pages).toHaveLength(2);
  });
});

describe("safe JSON", () => {
  it("drops __proto__, constructor and prototype keys at every depth", () => {
    const parsed = parseJsonSafely(
      '{"a":{"__proto__":{"x":1},"constructor":{"prototype":{"y":2}},"ok":true}}',
    );
    expect(parsed).toEqual({ ok: true, value: { a: { ok: true } } });
  });

  it("drops a forbidden key spelt with \\u escapes", () => {
    const parsed = parseJsonSafely(
      '{"\\u005f\\u005fproto\\u005f\\u005f":{"x":1},"a":{"\\u0063onstructor":{"y":2},"ok":true}}',
    );
    expect(parsed).toEqual({ ok: true, value: { a: { ok: true } } });
    expect(parsed.ok && Object.keys(parsed.value as object)).toEqual(["a"]);
  });

  it("parses text without a forbidden name or escape as plain JSON", () => {
    const text = '{"id":"o-1","lineItems":[{"offerId":"x","quantity":2}],"nested":{"proto":"ok"}}';
    expect(parseJsonSafely(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it("reports invalid JSON instead of throwing", () => {
    const parsed = parseJsonSafely("{nope");
    expect(parsed.ok).toBe(false);
  });
});

describe("provisioning", () => {
  it.each(["Fulfilled", "fulfilled", "UNFULFILLED", " unfulfilled "])("%j is settled", (status) => {
    expect(isProvisioningSettled(status)).toBe(true);
  });

  it.each(["PrefulfillmentPending", "pending", "", undefined, null])("%j is not settled", (status) => {
    expect(isProvisioningSettled(status)).toBe(false);
  });

  it("needs at least one line, all settled", () => {
    expect(isOrderProvisioned([])).toBe(false);
    expect(isOrderProvisioned([{ status: "fulfilled" }, { status: "PrefulfillmentPending" }])).toBe(false);
    expect(isOrderProvisioned([{ status: "fulfilled" }, { status: "Unfulfilled" }])).toBe(true);
  });
});

describe("ManualClock", () => {
  it("wakes sleepers only when time passes their deadline, and aborts them", async () => {
    const clock = new ManualClock(100);
    let woke = false;
    void clock.sleep(50).then(() => {
      woke = true;
    });
    const controller = new AbortController();
    const aborted = clock.sleep(1000, controller.signal);
    clock.advance(49);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(1);
    await Promise.resolve();
    expect(woke).toBe(true);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    expect(clock.sleepers).toBe(0);
  });
});
