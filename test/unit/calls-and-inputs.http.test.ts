/**
 * What a call reads and what it reports, against a real loopback server: an aborted create keeps its
 * requestId (and replaying with it is safe), paging is bounded, options and inputs are read once as
 * own properties, service text cannot forge lines, and the test seams are off the public entry point.
 */
import { describe, expect, it } from "vitest";
import * as publicEntry from "../../src/index.js";
import * as internal from "../../src/internal.js";
import { DEFAULT_RETRY_OPTIONS } from "../../src/pipeline/retry-policy.js";
import { collect, failureOf, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, serversPerTest, TOKEN } from "../helpers/loopback-server.js";

const serve = serversPerTest();
const ORDER_ID = "5cf72f146967";
const NEW_ORDER = { lineItems: [{ offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 1 }] };
const GUID_A = "57870501-203b-468e-8a63-078a3826d8ec";
const GUID_B = "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("an aborted create keeps its idempotency key", () => {
  it("rejects with code ABORTED, name AbortError and the requestId the service saw; replaying with it is one order", async () => {
    let answer: (() => void) | undefined;
    const server = await serve((request, res, index) => {
      if (index === 0) answer = () => json(res, 201, order());
      else json(res, 201, order(), { "x-replayed-request-id": String(request.headers["ms-requestid"]) });
    });
    const { client } = testClient(server.endpoint);
    const controller = new AbortController();
    const pending = client.orders.create(CUSTOMER_ID, NEW_ORDER, { abortSignal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await failureOf(pending);
    answer?.();
    expect(error).toMatchObject({ name: "AbortError", code: "ABORTED", statusCode: 0 });
    expect(error.requestId).toBe(server.requests[0]?.headers["ms-requestid"]);
    expect(error.message).toContain("retry with the same requestId");
    await client.orders.create(CUSTOMER_ID, NEW_ORDER, { requestId: error.requestId });
    expect(server.requests[1]?.headers["ms-requestid"]).toBe(error.requestId);
  });
});

describe("paging is bounded", () => {
  it("stops an endless chain of distinct next links at maxPages with PAGING_ERROR", async () => {
    const server = await serve((_req, res, index) =>
      json(res, 200, {
        items: [order(`o${index}`)],
        links: { next: { uri: `/customers/${CUSTOMER_ID}/orders?page=${index + 1}` } },
      }),
    );
    const { client } = testClient(server.endpoint);
    const error = await failureOf(collect(client.orders.list(CUSTOMER_ID, { maxPages: 5 })));
    expect(error.code).toBe("PAGING_ERROR");
    expect(error.message).toContain("maxPages (5)");
    expect(server.requests).toHaveLength(5);
  });

  it("has a default bound, and every list method returns the same paged iterator", async () => {
    expect(publicEntry.DEFAULT_MAX_PAGES).toBeGreaterThan(0);
    const server = await serve((req, res) =>
      json(res, 200, {
        items: [{ attachmentId: "a" }],
        links: req.url.includes("page=2")
          ? {}
          : { next: { uri: `${req.url.split("?")[0]?.slice(3)}?page=2` } },
      }),
    );
    const { client } = testClient(server.endpoint);
    const attachments = client.orders.listAttachments(CUSTOMER_ID, ORDER_ID);
    const links = client.orders.listActivationLinks(CUSTOMER_ID, ORDER_ID);
    for (const paged of [attachments, links, client.orders.list(CUSTOMER_ID)]) {
      expect(typeof paged.byPage).toBe("function");
      expect(typeof paged[Symbol.asyncIterator]).toBe("function");
    }
    const pages = [];
    for await (const page of attachments.byPage()) pages.push(page);
    expect(pages).toHaveLength(2);
    expect(pages[0]?.continuationToken).toContain("page=2");
  });
});

describe("options and inputs are read once", () => {
  it("ignores an endpoint inherited from a polluted Object.prototype", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.endpoint = "http://127.0.0.1:9/v1";
    try {
      const client = new publicEntry.PartnerCenterClient({ credential: TOKEN });
      expect(client.endpoint).toBe(publicEntry.KnownEndpoints.Global);
    } finally {
      delete proto.endpoint;
    }
  });

  it("reads each option once, and sends the requestId it checked", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint);
    let reads = 0;
    const options = {
      get requestId() {
        return ++reads === 1 ? GUID_A : GUID_B;
      },
    };
    await client.orders.get(CUSTOMER_ID, ORDER_ID, options);
    expect(reads).toBe(1);
    expect(server.requests[0]?.headers["ms-requestid"]).toBe(GUID_A);
  });

  it("copies an order once, then checks and sends that copy (a getter cannot swap a value)", async () => {
    const server = await serve((_req, res) => json(res, 201, order()));
    const { client } = testClient(server.endpoint);
    let reads = 0;
    const sneaky = {
      lineItems: NEW_ORDER.lineItems,
      get referenceCustomerId() {
        return ++reads === 1 ? GUID_A : "not-a-guid-sent-after-the-check";
      },
    };
    await client.orders.create(CUSTOMER_ID, sneaky);
    expect(JSON.parse(server.requests[0]?.body.toString() ?? "{}").referenceCustomerId).toBe(GUID_A);
    expect(reads).toBe(1);
  });

  it("keeps DEFAULT_RETRY_OPTIONS frozen", () => {
    expect(Object.isFrozen(DEFAULT_RETRY_OPTIONS)).toBe(true);
    expect(Object.isFrozen(publicEntry.DEFAULT_RETRY_OPTIONS)).toBe(true);
  });

  it("keeps line breaks in a service description from forging lines in the message", async () => {
    const server = await serve((_req, res) =>
      json(res, 400, { code: 800071, description: "Bad line.\nERROR 2026-01-01 payment captured\r\nok" }),
    );
    const { client } = testClient(server.endpoint);
    const error = await failureOf(client.orders.get(CUSTOMER_ID, ORDER_ID));
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain("payment captured");
    expect(error.description).toContain("\n");
  });
});

describe("test seams are off the public entry point", () => {
  it("exports no clock, limiter class or seam from src/index.ts, and they are reachable through src/internal.ts", () => {
    for (const name of ["ManualClock", "systemClock", "TenantRateLimiter", "TEST_SEAMS", "rateLimiterOf"]) {
      expect(Object.keys(publicEntry)).not.toContain(name);
      expect(Object.keys(internal)).toContain(name);
    }
    const client = new publicEntry.PartnerCenterClient({ credential: TOKEN });
    expect("rateLimiter" in client).toBe(false);
    expect(internal.rateLimiterOf(client)).toBeInstanceOf(internal.TenantRateLimiter);
  });

  it("ignores clock and random passed as plain options", async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? json(res, 503, {}, { "retry-after": "0" }) : json(res, 200, order()),
    );
    const sleeps: number[] = [];
    const client = new publicEntry.PartnerCenterClient({
      credential: TOKEN,
      endpoint: server.endpoint,
      throttling: false,
      ...({ clock: { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) } } as object),
    });
    await client.orders.get(CUSTOMER_ID, ORDER_ID);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });
});
