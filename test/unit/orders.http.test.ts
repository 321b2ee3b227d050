import { describe, expect, it } from "vitest";
import { KnownOrderStatus } from "../../src/models.js";
import { collect, failureOf, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, sequence, serversPerTest, text } from "../helpers/loopback-server.js";

const serve = serversPerTest();

const ORDER_PATH = `/v1/customers/${CUSTOMER_ID}/orders/5cf72f146967`;

describe("orders over HTTP", () => {
  it("creates an order: POST to the collection, numbered lines, headers", async () => {
    const server = await serve((_req, res) => json(res, 201, order()));
    const { client } = testClient(server.endpoint, {
      locale: "de-DE",
      applicationName: "contoso-provisioning/2.4",
    });
    const created = await client.orders.create(
      CUSTOMER_ID,
      {
        lineItems: [
          { offerId: "A:0001:B", quantity: 2 },
          { offerId: "C:0001:D", quantity: 1, friendlyName: "Sales" },
        ],
      },
      { customerUserUpn: "alex@contoso.onmicrosoft.com" },
    );
    expect(created.status).toBe(KnownOrderStatus.Pending);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`/v1/customers/${CUSTOMER_ID}/orders`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["x-locale"]).toBe("de-DE");
    expect(request?.headers["ms-partnercenter-application"]).toBe("contoso-provisioning/2.4");
    expect(request?.headers["x-ms-customeruser-upn"]).toBe("alex@contoso.onmicrosoft.com");
    expect(JSON.parse(request?.body.toString() ?? "")).toEqual({
      lineItems: [
        { offerId: "A:0001:B", quantity: 2, lineItemNumber: 0 },
        { offerId: "C:0001:D", quantity: 1, friendlyName: "Sales", lineItemNumber: 1 },
      ],
    });
  });

  it("gets an order with include_price", async () => {
    const server = await serve((_req, res) => json(res, 200, order("5cf72f146967", { totalPrice: 12.5 })));
    const { client } = testClient(server.endpoint);
    const fetched = await client.orders.get(CUSTOMER_ID, "5cf72f146967", { includePrice: true });
    expect(fetched.totalPrice).toBe(12.5);
    expect(server.requests[0]?.url).toBe(`${ORDER_PATH}?include_price=true`);
    expect(server.requests[0]?.headers["content-type"]).toBeUndefined();
  });

  it("lists orders across pages by following links.next (relative, without /v1)", async () => {
    const base = `/customers/${CUSTOMER_ID}/orders`;
    const server = await serve((req, res) => {
      if (req.url.includes("page=3"))
        return json(res, 200, { totalCount: 1, items: [order("c")], links: {} });
      if (req.url.includes("page=2"))
        return json(res, 200, {
          totalCount: 1,
          items: [order("b")],
          links: { next: { uri: `${base}?page=3` } },
        });
      return json(res, 200, {
        totalCount: 1,
        items: [order("a")],
        links: { next: { uri: `${base}?page=2` } },
      });
    });
    const { client } = testClient(server.endpoint);
    const ids: string[] = [];
    for await (const item of client.orders.list(CUSTOMER_ID, { billingType: "one_time", includePrice: true }))
      ids.push(item.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/v1${base}?billingType=one_time&include_price=true`,
      `/v1${base}?page=2`,
      `/v1${base}?page=3`,
    ]);
  });

  it("gives each page its own request id (the caller's on the first) and one correlation id", async () => {
    const base = `/customers/${CUSTOMER_ID}/orders`;
    const server = await serve((req, res) => {
      if (req.url.includes("page=2")) return json(res, 200, { items: [] });
      return json(res, 200, { items: [order("a")], links: { next: { uri: `${base}?page=2` } } });
    });
    const { client } = testClient(server.endpoint);
    const requestId = "57870501-203b-468e-8a63-078a3826d8ec";
    for await (const _ of client.orders.list(CUSTOMER_ID, { requestId })) {
      // drain
    }
    const [first, second] = server.requests;
    expect(first?.headers["ms-requestid"]).toBe(requestId);
    expect(second?.headers["ms-requestid"]).not.toBe(requestId);
    expect(second?.headers["ms-correlationid"]).toBe(first?.headers["ms-correlationid"]);
    expect(() => client.orders.list(CUSTOMER_ID, { requestId: "nope" })).toThrow(TypeError);
  });

  it("byPage yields arrays with continuation tokens and can resume from one", async () => {
    const base = `/customers/${CUSTOMER_ID}/orders`;
    const server = await serve((req, res) => {
      if (req.url.includes("page=2")) return json(res, 200, { items: [order("b")] });
      return json(res, 200, { items: [order("a")], links: { next: { uri: `${base}?page=2` } } });
    });
    const { client } = testClient(server.endpoint);
    const pages = [];
    for await (const page of client.orders.list(CUSTOMER_ID).byPage()) pages.push(page);
    expect(pages.map((p) => p.map((o) => o.id))).toEqual([["a"], ["b"]]);
    expect(pages[0]?.continuationToken).toBe(`${base}?page=2`);
    expect(pages[1]?.continuationToken).toBeUndefined();

    const resumed = [];
    for await (const page of client.orders.list(CUSTOMER_ID).byPage({ continuationToken: `${base}?page=2` }))
      resumed.push(page);
    expect(resumed.map((p) => p.map((o) => o.id))).toEqual([["b"]]);
  });

  it("stops with PAGING_ERROR when links.next repeats", async () => {
    const base = `/customers/${CUSTOMER_ID}/orders`;
    const server = await serve((_req, res) =>
      json(res, 200, { items: [order()], links: { next: { uri: `${base}?page=2` } } }),
    );
    const { client } = testClient(server.endpoint);
    const seen: string[] = [];
    const error = await failureOf(
      (async () => {
        for await (const item of client.orders.list(CUSTOMER_ID)) seen.push(item.id);
      })(),
    );
    expect(error.code).toBe("PAGING_ERROR");
    expect(server.requests.length).toBe(2);
  });

  it("refuses a next link to another host, sending nothing there", async () => {
    const server = await serve((_req, res) =>
      json(res, 200, {
        items: [],
        links: { next: { uri: "https://evil.example/customers/x/orders?page=2" } },
      }),
    );
    const { client } = testClient(server.endpoint);
    const error = await failureOf(client.orders.list(CUSTOMER_ID).next());
    expect(error.code).toBe("PAGING_ERROR");
    expect(server.requests).toHaveLength(1);
  });

  it("cancels chosen line items: reads the order, then PATCHes {id, status, lineItems with offer ids}", async () => {
    const server = await serve((req, res) =>
      json(res, 200, order("5cf72f146967", req.method === "PATCH" ? { status: "cancelled" } : {})),
    );
    const { client } = testClient(server.endpoint);
    const cancelled = await client.orders.cancel(CUSTOMER_ID, "5cf72f146967", { lineItemNumbers: [1] });
    expect(cancelled.status).toBe("cancelled");
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "PATCH"]);
    expect(JSON.parse(server.requests[1]?.body.toString() ?? "")).toEqual({
      id: "5cf72f146967",
      status: "cancelled",
      lineItems: [{ lineItemNumber: 1, offerId: "CFQ7TTC0LF8Q:0001:CFQ7TTC0KFBB" }],
    });
  });

  it("cancel with an unknown line number throws RangeError before any write", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint);
    await expect(client.orders.cancel(CUSTOMER_ID, "5cf72f146967", { lineItemNumbers: [7] })).rejects.toThrow(
      RangeError,
    );
    expect(server.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("cancels a whole order with {id, status}", async () => {
    const server = await serve((_req, res) => json(res, 200, order("5cf72f146967", { status: "cancelled" })));
    const { client } = testClient(server.endpoint);
    await client.orders.cancel(CUSTOMER_ID, "5cf72f146967");
    expect(JSON.parse(server.requests[0]?.body.toString() ?? "")).toEqual({
      id: "5cf72f146967",
      status: "cancelled",
    });
  });

  it("purchases an add-on by PATCHing the parent's order", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint);
    await client.orders.purchaseAddOn(CUSTOMER_ID, "5cf72f146967", {
      parentSubscriptionId: "a6f5cf3a-8c1d-4e6b-9a7b-6c1b2f4e5d6a",
      offerId: "ADDON:0001:X",
      quantity: 3,
    });
    const [request] = server.requests;
    expect(request?.method).toBe("PATCH");
    expect(request?.url).toBe(ORDER_PATH);
    expect(JSON.parse(request?.body.toString() ?? "")).toEqual({
      referenceCustomerId: CUSTOMER_ID,
      lineItems: [
        {
          lineItemNumber: 0,
          offerId: "ADDON:0001:X",
          quantity: 3,
          parentSubscriptionId: "a6f5cf3a-8c1d-4e6b-9a7b-6c1b2f4e5d6a",
        },
      ],
    });
  });

  it("updates an order with a patch", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint);
    await client.orders.update(CUSTOMER_ID, "5cf72f146967", {
      billingCycle: "annual",
      lineItems: [{ lineItemNumber: 0, quantity: 7 }],
    });
    expect(JSON.parse(server.requests[0]?.body.toString() ?? "")).toEqual({
      billingCycle: "annual",
      lineItems: [{ lineItemNumber: 0, quantity: 7 }],
    });
  });

  it("reads provisioning statuses and waits until every line is settled (any case)", async () => {
    const statuses = (a: string, b: string) => ({
      totalCount: 2,
      items: [
        { lineItemNumber: 0, status: a },
        { lineItemNumber: 1, status: b },
      ],
    });
    const server = await serve(
      sequence(
        (res) => json(res, 200, { items: [] }),
        (res) => json(res, 200, statuses("PrefulfillmentPending", "fulfilled")),
        (res) => json(res, 200, statuses("Fulfilled", "Unfulfilled")),
      ),
    );
    const { client, clock } = testClient(server.endpoint);
    const lines = await client.orders.waitUntilProvisioned(CUSTOMER_ID, "5cf72f146967", {
      pollIntervalInMs: 1000,
    });
    expect(lines.map((l) => l.status)).toEqual(["Fulfilled", "Unfulfilled"]);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.url).toBe(`${ORDER_PATH}/provisioningstatus`);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it("waitUntilProvisioned gives up after maxWaitInMs", async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { items: [{ lineItemNumber: 0, status: "PrefulfillmentPending" }] }),
    );
    let now = 0;
    const { client } = testClient(server.endpoint, {
      clock: {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
    });
    const error = await failureOf(
      client.orders.waitUntilProvisioned(CUSTOMER_ID, "5cf72f146967", {
        pollIntervalInMs: 10_000,
        maxWaitInMs: 25_000,
      }),
    );
    expect(error.code).toBe("PROVISIONING_TIMEOUT");
    expect(server.requests).toHaveLength(4);
  });

  it("waitUntilProvisioned stops polling when aborted", async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { items: [{ lineItemNumber: 0, status: "PrefulfillmentPending" }] }),
    );
    const controller = new AbortController();
    const { client } = testClient(server.endpoint, {
      clock: {
        now: () => Date.now(),
        sleep: async (_ms, signal) => {
          controller.abort();
          throw signal?.reason;
        },
      },
    });
    await expect(
      client.orders.waitUntilProvisioned(CUSTOMER_ID, "5cf72f146967", { abortSignal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
  });

  it("lists activation links of the order and of one line item", async () => {
    const server = await serve((_req, res) =>
      json(res, 200, {
        items: [{ lineItemNumber: 0, link: { uri: "https://publisher.example/activate", method: "GET" } }],
      }),
    );
    const { client } = testClient(server.endpoint);
    const all = await collect(client.orders.listActivationLinks(CUSTOMER_ID, "5cf72f146967"));
    const one = await collect(
      client.orders.listActivationLinks(CUSTOMER_ID, "5cf72f146967", { lineItemNumber: 0 }),
    );
    expect(all[0]?.link?.uri).toBe("https://publisher.example/activate");
    expect(one).toHaveLength(1);
    expect(server.requests.map((r) => r.url)).toEqual([
      `${ORDER_PATH}/activationlinks`,
      `${ORDER_PATH}/lineitems/0/activationlinks`,
    ]);
  });

  it("uploads an attachment as multipart with metadata, pofiles and tenderfiles", async () => {
    const server = await serve((_req, res) =>
      json(res, 201, {
        items: [{ attachmentId: "att-1", fileName: "po.pdf", sizeInKB: 1, attachmentType: "POAttachment" }],
      }),
    );
    const { client } = testClient(server.endpoint);
    const stored = await client.orders.uploadAttachment(CUSTOMER_ID, "5cf72f146967", {
      metadata: { customerPrice: "1250.00", currency: "EUR", isPartOfTender: true },
      purchaseOrderFiles: {
        fileName: "po.pdf",
        content: new TextEncoder().encode("%PDF-1.7 purchase order"),
        contentType: "application/pdf",
      },
      tenderFiles: [new File(["tender"], "tender.pdf", { type: "application/pdf" })],
    });
    expect(stored[0]?.attachmentId).toBe("att-1");
    const [request] = server.requests;
    expect(request?.url).toBe(`${ORDER_PATH}/attachment`);
    expect(request?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const body = request?.body.toString() ?? "";
    expect(body).toContain('name="metadata"');
    expect(body).toContain('{"customerPrice":"1250.00","currency":"EUR","isPartOfTender":true}');
    expect(body).toMatch(/name="pofiles"; filename="po.pdf"/);
    expect(body).toContain("%PDF-1.7 purchase order");
    expect(body).toMatch(/name="tenderfiles"; filename="tender.pdf"/);
  });

  it("re-sends the multipart body intact on a retry", async () => {
    const server = await serve(
      sequence(
        (res) => json(res, 503, {}),
        (res) => json(res, 201, { items: [] }),
      ),
    );
    const { client } = testClient(server.endpoint);
    await client.orders.uploadAttachment(CUSTOMER_ID, "5cf72f146967", {
      metadata: { customerPrice: "1", currency: "USD" },
      purchaseOrderFiles: new File(["po"], "po.pdf"),
    });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body.equals(server.requests[0]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(server.requests[1]?.body.length).toBeGreaterThan(100);
  });

  it("lists and downloads attachments", async () => {
    const server = await serve((req, res) => {
      if (req.url.endsWith("/attachments")) return json(res, 200, { items: [{ attachmentId: "att-1" }] });
      res.writeHead(200, {
        "content-type": "application/pdf",
        "content-disposition": 'attachment; filename="po.pdf"',
      });
      res.end(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]));
    });
    const { client } = testClient(server.endpoint);
    const list = await collect(client.orders.listAttachments(CUSTOMER_ID, "5cf72f146967"));
    expect(list.map((a) => a.attachmentId)).toEqual(["att-1"]);
    const file = await client.orders.downloadAttachment(CUSTOMER_ID, "5cf72f146967", "att-1");
    expect(file.fileName).toBe("po.pdf");
    expect(file.contentType).toBe("application/pdf");
    expect([...new Uint8Array(await file.content.arrayBuffer())]).toEqual([
      0x25, 0x50, 0x44, 0x46, 0x00, 0xff,
    ]);
    expect(server.requests[1]?.url).toBe(`${ORDER_PATH}/attachment/att-1`);
  });

  it("turns a Partner Center error body into a PartnerCenterError with every field", async () => {
    const server = await serve((_req, res) =>
      json(
        res,
        400,
        {
          code: 800071,
          description: "Line Item number should be from 0 to number of line items count",
          data: [],
          source: "PartnerFD",
          errorName: "InvalidLineItem",
        },
        { "MS-CV": "VcfS+fqdQUW8Nap6.0" },
      ),
    );
    const { client } = testClient(server.endpoint);
    const requestId = "57870501-203b-468e-8a63-078a3826d8ec";
    const error = await failureOf(
      client.orders.create(CUSTOMER_ID, { lineItems: [{ offerId: "A", quantity: 1 }] }, { requestId }),
    );
    expect(error).toMatchObject({
      name: "PartnerCenterError",
      statusCode: 400,
      code: 800071,
      description: "Line Item number should be from 0 to number of line items count",
      data: [],
      source: "PartnerFD",
      details: { errorName: "InvalidLineItem" },
      requestId,
    });
    expect(error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.request?.method).toBe("POST");
    expect(error.request?.url).toBe(`${server.endpoint}/customers/${CUSTOMER_ID}/orders`);
    expect(error.request?.headers["ms-requestid"]).toBe(requestId);
    expect(error.response?.status).toBe(400);
    expect(error.response?.headers["ms-cv"]).toBe("VcfS+fqdQUW8Nap6.0");
    expect(error.response?.bodyAsText).toContain("800071");
  });

  it("reads a string error code as a number", async () => {
    const server = await serve((_req, res) =>
      json(res, 404, { code: "20000", description: "Order ID not found" }),
    );
    const { client } = testClient(server.endpoint);
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(error.code).toBe(20000);
  });

  it.each([
    ["an empty 200", ""],
    ["HTML on 200", "<html>ok</html>"],
    ["truncated JSON", '{"id":"5cf7'],
    ["JSON that is not an object", "[1,2]"],
  ])("reports %s as PARSE_ERROR with the request id", async (_label, body) => {
    const server = await serve((_req, res) =>
      text(res, 200, body, body.startsWith("<") ? "text/html" : "application/json"),
    );
    const { client } = testClient(server.endpoint);
    const requestId = "57870501-203b-468e-8a63-078a3826d8ec";
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967", { requestId }));
    expect(error.code).toBe("PARSE_ERROR");
    expect(error.statusCode).toBe(200);
    expect(error.requestId).toBe(requestId);
  });

  it("drops __proto__ and constructor keys from response bodies", async () => {
    const server = await serve((_req, res) =>
      text(
        res,
        200,
        '{"id":"x","__proto__":{"polluted":true},"lineItems":[{"constructor":{"prototype":{"bad":1}}}]}',
        "application/json",
      ),
    );
    const { client } = testClient(server.endpoint);
    const fetched = await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    expect(Object.hasOwn(fetched, "__proto__")).toBe(false);
    expect(Object.getPrototypeOf(fetched)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(fetched.lineItems?.[0] ?? {}, "constructor")).toBe(false);
    const merged = Object.assign({}, fetched) as Record<string, unknown>;
    expect(merged.polluted).toBeUndefined();
  });
});
