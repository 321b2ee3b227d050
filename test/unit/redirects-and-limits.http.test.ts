/**
 * The wire on a hostile network, against real loopback servers: redirects are never followed, a body
 * is never read past `maxResponseBytes` (gzip included), and time budgets are hard bounds.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PartnerCenterError } from "../../src/errors.js";
import { ManualClock } from "../../src/internal.js";
import { clientWith, failureOf, recordingClock, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, serversPerTest, TOKEN } from "../helpers/loopback-server.js";

const serve = serversPerTest();
const ORDER_ID = "5cf72f146967";
const NEW_ORDER = { lineItems: [{ offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 1 }] };

describe("redirects are never followed", () => {
  it.each([301, 302, 303, 307, 308])(
    "a %i on create is a REDIRECT error with its Location: one request, nothing to the other origin",
    async (status) => {
      const elsewhere = await serve((_req, res) => json(res, 201, order("from-elsewhere")));
      const server = await serve((_req, res) => {
        res.writeHead(status, { location: `${elsewhere.endpoint}/customers/${CUSTOMER_ID}/orders` });
        res.end();
      });
      const { client } = testClient(server.endpoint);
      const error = await failureOf(client.orders.create(CUSTOMER_ID, NEW_ORDER));
      expect(error).toMatchObject({ code: PartnerCenterError.REDIRECT, statusCode: status });
      expect(error.details?.location).toBe(`${elsewhere.endpoint}/customers/${CUSTOMER_ID}/orders`);
      expect(error.requestId).toBe(server.requests[0]?.headers["ms-requestid"]);
      expect(server.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    },
  );

  it("a redirect loop puts one request on the wire, through client.raw too", async () => {
    const server = await serve((req, res) => {
      res.writeHead(307, { location: req.url });
      res.end();
    });
    const { client } = testClient(server.endpoint);
    await expect(client.orders.get(CUSTOMER_ID, ORDER_ID)).rejects.toMatchObject({ code: "REDIRECT" });
    await expect(
      client.raw.GET("/customers/{customerId}/orders/{orderId}", {
        params: { path: { customerId: CUSTOMER_ID, orderId: ORDER_ID } },
      }),
    ).rejects.toMatchObject({ code: "REDIRECT", statusCode: 307 });
    expect(server.requests).toHaveLength(2);
  });

  it("a user-supplied fetch gets redirect: manual, so it does not follow either", async () => {
    const elsewhere = await serve((_req, res) => json(res, 200, order()));
    const server = await serve((_req, res) => {
      res.writeHead(308, { location: `${elsewhere.endpoint}/x` });
      res.end();
    });
    const { client } = testClient(server.endpoint, { fetch: (request) => fetch(request) });
    await expect(client.orders.create(CUSTOMER_ID, NEW_ORDER)).rejects.toMatchObject({ code: "REDIRECT" });
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe("maxResponseBytes bounds the decoded body while it is read", () => {
  it("stops a gzip bomb (256 MiB inflated from a few hundred KiB) with RESPONSE_TOO_LARGE and the requestId", async () => {
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20), { level: 9 });
    const server = await serve((_req, res) => {
      res.writeHead(201, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(bomb);
    });
    const { client } = testClient(server.endpoint);
    const before = process.memoryUsage().rss;
    const error = await failureOf(client.orders.create(CUSTOMER_ID, NEW_ORDER));
    const grownInMiB = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(error.code).toBe(PartnerCenterError.RESPONSE_TOO_LARGE);
    expect(error.statusCode).toBe(201);
    expect(error.requestId).toBe(server.requests[0]?.headers["ms-requestid"]);
    expect(error.message).toContain(error.requestId);
    // Not retried: the create may have gone through; the caller decides with the requestId.
    expect(server.requests).toHaveLength(1);
    expect(grownInMiB).toBeLessThan(128);
  });

  it("is configurable, counts plain bodies too, and does not download a big error body four times", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("x".repeat(64 * 1024));
    });
    const { client } = testClient(server.endpoint, { maxResponseBytes: 16 * 1024 });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, ORDER_ID));
    expect(error).toMatchObject({ code: "RESPONSE_TOO_LARGE", details: { maxResponseBytes: 16 * 1024 } });
    expect(server.requests).toHaveLength(1);
  });

  it("applies to a user-supplied fetch as well", async () => {
    const server = await serve((_req, res) => json(res, 200, order("x".repeat(10_000))));
    const { client } = testClient(server.endpoint, { maxResponseBytes: 1024, fetch: (r) => fetch(r) });
    await expect(client.orders.get(CUSTOMER_ID, ORDER_ID)).rejects.toMatchObject({
      code: "RESPONSE_TOO_LARGE",
    });
  });
});

describe("budgets are bounds", () => {
  it("a Retry-After longer than timeoutInMs fails at once with that 429's error", async () => {
    const server = await serve((_req, res) =>
      json(res, 429, { statusCode: 429, message: "Rate limit is exceeded." }, { "retry-after": "30" }),
    );
    const { client, clock } = testClient(server.endpoint);
    const started = Date.now();
    const error = await failureOf(client.orders.get(CUSTOMER_ID, ORDER_ID, { timeoutInMs: 5_000 }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ statusCode: 429, retryAfterInMs: 30_000 });
    expect(error.message).not.toContain("may still have processed");
    expect(clock.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("a Retry-After past maxElapsedInMs fails at once with that 503's error", async () => {
    const server = await serve((_req, res) =>
      json(res, 503, { code: 0, description: "busy" }, { "retry-after": "30" }),
    );
    const { client } = testClient(server.endpoint, { retryOptions: { maxElapsedInMs: 10_000 } });
    const error = await failureOf(client.orders.create(CUSTOMER_ID, NEW_ORDER));
    expect(error).toMatchObject({ statusCode: 503, retryAfterInMs: 30_000, description: "busy" });
    expect(server.requests).toHaveLength(1);
  });

  it("maxElapsedInMs cuts the last attempt to the time left", async () => {
    const server = await serve(() => {
      // never answers
    });
    const client = clientWith({
      credential: TOKEN,
      endpoint: server.endpoint,
      throttling: false,
      clock: recordingClock(),
      attemptTimeoutInMs: 30_000,
      retryOptions: { maxElapsedInMs: 300 },
    });
    const started = Date.now();
    const error = await failureOf(client.orders.get(CUSTOMER_ID, ORDER_ID));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ code: "TIMEOUT", statusCode: 0 });
    expect(error.message).toContain("maxElapsedInMs");
  });

  it("timeoutInMs cuts an attempt that would run longer", async () => {
    const server = await serve(() => {});
    const { client } = testClient(server.endpoint, { attemptTimeoutInMs: 30_000 });
    const started = Date.now();
    const error = await failureOf(client.orders.get(CUSTOMER_ID, ORDER_ID, { timeoutInMs: 200 }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ code: "TIMEOUT", requestId: server.requests[0]?.headers["ms-requestid"] });
  });

  it("does not count the wait for the first limiter slot against maxElapsedInMs", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const clock = new ManualClock(Date.now());
    const { client } = testClient(server.endpoint, {
      clock,
      throttling: { requestsPerMinute: 1 },
      retryOptions: { maxElapsedInMs: 1_000 },
    });
    await client.orders.get(CUSTOMER_ID, ORDER_ID);
    const queued = client.orders.get(CUSTOMER_ID, ORDER_ID);
    while (clock.sleepers === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(60_000);
    await expect(queued).resolves.toMatchObject({ id: ORDER_ID });
    expect(server.requests).toHaveLength(2);
  });
});
