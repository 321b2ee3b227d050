import { describe, expect, it } from "vitest";
import { PartnerCenterError } from "../../src/errors.js";
import { failureOf, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, sequence, serversPerTest, text } from "../helpers/loopback-server.js";

const serve = serversPerTest();

const newOrder = { lineItems: [{ offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 5 }] };

describe("retries over HTTP", () => {
  it("retries a 503 create with the same MS-RequestId and the full body every time", async () => {
    const server = await serve(
      sequence(
        (res) => json(res, 503, { code: 800003, description: "Unexpected service error" }),
        (res) => json(res, 500, { code: 800003, description: "Unexpected service error" }),
        (res) => json(res, 201, order()),
      ),
    );
    const { client } = testClient(server.endpoint);
    const created = await client.orders.create(CUSTOMER_ID, newOrder);
    expect(created.id).toBe("5cf72f146967");
    expect(server.requests).toHaveLength(3);
    const ids = server.requests.map((r) => r.headers["ms-requestid"]);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    for (const request of server.requests) {
      expect(JSON.parse(request.body.toString("utf8"))).toEqual({
        lineItems: [{ offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 5, lineItemNumber: 0 }],
      });
      expect(request.headers.authorization).toMatch(/^Bearer /);
    }
  });

  it("keeps a caller-supplied requestId and correlationId on every attempt", async () => {
    const server = await serve(
      sequence(
        (res) => json(res, 502, {}),
        (res) => json(res, 201, order()),
      ),
    );
    const { client } = testClient(server.endpoint);
    const requestId = "57870501-203b-468e-8a63-078a3826d8ec";
    const correlationId = "9c272436-538d-4dd4-a421-c811e004784c";
    await client.orders.create(CUSTOMER_ID, newOrder, { requestId, correlationId });
    expect(server.requests.map((r) => r.headers["ms-requestid"])).toEqual([requestId, requestId]);
    expect(server.requests.map((r) => r.headers["ms-correlationid"])).toEqual([correlationId, correlationId]);
  });

  it("uses a new request id and correlation id for each logical call", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint);
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    const [first, second] = server.requests;
    expect(first?.headers["ms-requestid"]).not.toBe(second?.headers["ms-requestid"]);
    expect(first?.headers["ms-correlationid"]).not.toBe(second?.headers["ms-correlationid"]);
  });

  it("honours Retry-After in seconds on 429 and then succeeds", async () => {
    const server = await serve(
      sequence(
        (res) =>
          json(
            res,
            429,
            { statusCode: 429, message: "Rate limit is exceeded. Try again in 57 seconds." },
            { "Retry-After": "57" },
          ),
        (res) => json(res, 200, order()),
      ),
    );
    const { client, clock } = testClient(server.endpoint);
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    expect(clock.sleeps).toEqual([57_000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const server = await serve(
      sequence(
        (res) => json(res, 503, {}, { "Retry-After": inTenSeconds }),
        (res) => json(res, 200, order()),
      ),
    );
    const { client, clock } = testClient(server.endpoint);
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(5_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(10_000);
  });

  it("backs off exponentially with jitter when no Retry-After is sent", async () => {
    const server = await serve((_req, res) => json(res, 504, {}));
    const { client, clock } = testClient(server.endpoint, {
      random: () => 1,
      retryOptions: { retryDelayInMs: 100, maxRetryDelayInMs: 250 },
    });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(error.statusCode).toBe(504);
    expect(server.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([100, 200, 250]);
  });

  it.each([400, 401, 403, 404, 409, 412, 501, 505])("never retries a %i", async (status) => {
    const server = await serve((_req, res) => json(res, status, { code: 2000, description: "No." }));
    const { client } = testClient(server.endpoint);
    const error = await failureOf(client.orders.create(CUSTOMER_ID, newOrder));
    expect(error.statusCode).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  it("retries 408 and stops after maxRetries with the last answer", async () => {
    const server = await serve((_req, res) => json(res, 408, { code: 408, description: "Request timeout" }));
    const { client } = testClient(server.endpoint, { retryOptions: { maxRetries: 2 } });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(error.statusCode).toBe(408);
    expect(server.requests).toHaveLength(3);
  });

  it("does not wait longer than the elapsed-time budget: a long Retry-After ends the retries", async () => {
    const server = await serve((_req, res) =>
      json(res, 429, { statusCode: 429, message: "Try again in 3600 seconds." }, { "Retry-After": "3600" }),
    );
    const { client, clock } = testClient(server.endpoint, { retryOptions: { maxElapsedInMs: 60_000 } });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterInMs).toBe(3_600_000);
    expect(error.description).toBe("Try again in 3600 seconds.");
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("retries a dropped connection and then reports REQUEST_SEND_ERROR with the request id", async () => {
    const server = await serve((_req, res) => {
      res.socket?.destroy();
    });
    const { client } = testClient(server.endpoint);
    const requestId = "11111111-2222-4333-8444-555555555555";
    const error = await failureOf(client.orders.create(CUSTOMER_ID, newOrder, { requestId }));
    expect(error.code).toBe(PartnerCenterError.REQUEST_SEND_ERROR);
    expect(error.statusCode).toBe(0);
    expect(error.requestId).toBe(requestId);
    expect(error.message).toContain(requestId);
    expect(server.requests).toHaveLength(4);
    expect(new Set(server.requests.map((r) => r.headers["ms-requestid"]))).toEqual(new Set([requestId]));
  });

  it("recovers when a connection drops once", async () => {
    const server = await serve(
      sequence(
        (res) => res.socket?.destroy(),
        (res) => json(res, 201, order()),
      ),
    );
    const { client } = testClient(server.endpoint);
    const created = await client.orders.create(CUSTOMER_ID, newOrder);
    expect(created.id).toBe("5cf72f146967");
    expect(server.requests).toHaveLength(2);
  });

  it("times out a stalled attempt, retries it, and reports TIMEOUT with the request id", async () => {
    const server = await serve(() => {
      // never answers
    });
    const { client } = testClient(server.endpoint, {
      attemptTimeoutInMs: 30,
      retryOptions: { maxRetries: 1 },
    });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(error.code).toBe(PartnerCenterError.TIMEOUT);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests).toHaveLength(2);
  });

  it("treats a body cut off mid-way as a failed attempt", async () => {
    const server = await serve(
      sequence(
        (res) => {
          res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
          res.write('{"id":"5cf7');
          setTimeout(() => res.socket?.destroy(), 5);
        },
        (res) => json(res, 200, order()),
      ),
    );
    const { client } = testClient(server.endpoint);
    const fetched = await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    expect(fetched.id).toBe("5cf72f146967");
    expect(server.requests).toHaveLength(2);
  });

  it("signs each attempt afresh", async () => {
    const server = await serve(
      sequence(
        (res) => json(res, 503, {}),
        (res) => json(res, 200, order()),
      ),
    );
    let calls = 0;
    const { client } = testClient(server.endpoint, { credential: () => `token-number-${++calls}` });
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer token-number-1",
      "Bearer token-number-2",
    ]);
  });

  it("sends an HTML gateway page's status as the error, without a service code", async () => {
    const server = await serve((_req, res) =>
      text(res, 400, "<html><body>Bad gateway</body></html>", "text/html"),
    );
    const { client } = testClient(server.endpoint);
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBeUndefined();
    expect(error.response?.bodyAsText).toContain("Bad gateway");
    expect(error.message).toContain("text/html");
  });
});
