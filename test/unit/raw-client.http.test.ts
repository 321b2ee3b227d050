import { describe, expect, it } from "vitest";
import { createRawClient } from "../../src/client.js";
import { ManualClock, rateLimiterOf } from "../../src/internal.js";
import { testClient } from "../helpers/clients.js";
import {
  CUSTOMER_ID,
  json,
  order,
  sequence,
  serversPerTest,
  TOKEN,
  text,
} from "../helpers/loopback-server.js";

const serve = serversPerTest();

describe("client.raw", () => {
  it("returns {data, response} through the same pipeline: signed, with ids, retried", async () => {
    const server = await serve(
      sequence(
        (res) => json(res, 503, {}),
        (res) => json(res, 200, order()),
      ),
    );
    const { client } = testClient(server.endpoint);
    const { data, error, response } = await client.raw.GET("/customers/{customerId}/orders/{orderId}", {
      params: { path: { customerId: CUSTOMER_ID, orderId: "5cf72f146967" } },
    });
    expect(error).toBeUndefined();
    expect(data?.id).toBe("5cf72f146967");
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect(first?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first?.headers["ms-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers["ms-requestid"]).toBe(first?.headers["ms-requestid"]);
  });

  it("returns HTTP errors as {error} without throwing", async () => {
    const server = await serve((_req, res) =>
      json(res, 404, { code: 20000, description: "Order ID not found" }),
    );
    const { client } = testClient(server.endpoint);
    const { data, error, response } = await client.raw.GET("/customers/{customerId}/orders/{orderId}", {
      params: { path: { customerId: CUSTOMER_ID, orderId: "missing" } },
    });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ code: 20000 });
    expect(response.status).toBe(404);
  });

  it("throws PARSE_ERROR instead of a bare SyntaxError for an unreadable success body", async () => {
    const server = await serve((_req, res) => text(res, 200, "<html>", "application/json"));
    const { client } = testClient(server.endpoint);
    await expect(
      client.raw.GET("/customers/{customerId}/orders/{orderId}", {
        params: { path: { customerId: CUSTOMER_ID, orderId: "5cf72f146967" } },
      }),
    ).rejects.toMatchObject({ name: "PartnerCenterError", code: "PARSE_ERROR" });
  });

  it("answers parseAs text, stream and a cloned response from the same buffered body", async () => {
    const body = JSON.stringify(order());
    const server = await serve((_req, res) => text(res, 200, body, "application/json; charset=utf-8"));
    const { client } = testClient(server.endpoint);
    const path = "/customers/{customerId}/orders/{orderId}" as const;
    const params = { path: { customerId: CUSTOMER_ID, orderId: "5cf72f146967" } };

    const asText = await client.raw.GET(path, { params, parseAs: "text" });
    expect(asText.data).toBe(body);
    const asStream = await client.raw.GET(path, { params, parseAs: "stream" });
    expect(await new Response(asStream.data).text()).toBe(body);

    const { data, response } = await client.raw.GET(path, { params });
    expect(data).toEqual(order());
    // openapi-fetch has read the body, as it does with a plain Response.
    expect(response.bodyUsed).toBe(true);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it("shows the cleaned body to text reads when keys were dropped", async () => {
    const server = await serve((_req, res) =>
      text(res, 200, '{"id":"x","__proto__":{"polluted":true}}', "application/json"),
    );
    const { client } = testClient(server.endpoint);
    const { data } = await client.raw.GET("/customers/{customerId}/orders/{orderId}", {
      params: { path: { customerId: CUSTOMER_ID, orderId: "x" } },
      parseAs: "text",
    });
    expect(data).toBe('{"id":"x"}');
  });

  it("createRawClient gives a standalone typed client", async () => {
    const server = await serve((_req, res) => json(res, 200, { totalCount: 0, items: [] }));
    const raw = createRawClient({ credential: TOKEN, endpoint: server.endpoint, throttling: false });
    const { data } = await raw.GET("/customers/{customerId}/orders", {
      params: { path: { customerId: CUSTOMER_ID }, query: { include_system_purchases: true } },
    });
    expect(data?.items).toEqual([]);
    expect(server.requests[0]?.url).toBe(`/v1/customers/${CUSTOMER_ID}/orders?include_system_purchases=true`);
  });
});

describe("client-side throttling", () => {
  /** A client allowed one request a minute per tenant, whose one request for CUSTOMER_ID is spent. */
  async function withTenantSlotUsed() {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint, {
      clock: new ManualClock(0),
      throttling: { requestsPerMinute: 1 },
    });
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    return { server, client };
  }

  it("holds the request over the per-tenant limit until the window moves, tenant by tenant", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const clock = new ManualClock(Date.now());
    const { client } = testClient(server.endpoint, { clock, throttling: { requestsPerMinute: 1 } });
    const other = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    let secondDone = false;
    const second = client.orders.get(CUSTOMER_ID, "5cf72f146967").then(() => {
      secondDone = true;
    });
    await client.orders.get(other, "5cf72f146967");
    expect(secondDone).toBe(false);
    expect(rateLimiterOf(client)?.queuedFor(CUSTOMER_ID)).toBe(1);
    expect(server.requests).toHaveLength(2);
    clock.advance(60_000);
    await second;
    expect(server.requests).toHaveLength(3);
  });

  it("times out a call still queued for a slot, saying nothing was sent", async () => {
    const { server, client } = await withTenantSlotUsed();
    const error = await client.orders
      .get(CUSTOMER_ID, "5cf72f146967", { timeoutInMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PartnerCenterError", code: "TIMEOUT", statusCode: 0 });
    expect((error as Error).message).toContain("nothing was sent");
    expect(server.requests).toHaveLength(1);
    expect(rateLimiterOf(client)?.queuedFor(CUSTOMER_ID)).toBe(0);
  });

  it("aborts a call queued for a slot without sending it", async () => {
    const { server, client } = await withTenantSlotUsed();
    const controller = new AbortController();
    const queued = client.orders.get(CUSTOMER_ID, "5cf72f146967", { abortSignal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
  });
});
