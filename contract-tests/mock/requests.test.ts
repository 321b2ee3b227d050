/**
 * Requests. Everything the client sends, through each public method and option, passes Prism's request
 * validation and ajv against the spec. Requests the spec forbids, sent through `client.raw` (which does
 * no client-side checking), are refused by Prism with the violation named, and by ajv alike.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { PartnerCenterClient } from "../../src/index.js";
import {
  expectRequestAccepted,
  expectRequestBodyMatchesSpec,
  expectResponseMatchesSpec,
} from "../harness/assertions.js";
import { createCoverageRecorder } from "../harness/coverage.js";
import { type CapturedExchange, createMockClient, type PrismViolation } from "../harness/mock-client.js";
import { ids, settle } from "../harness/operations.js";
import { operationById, requestExamples, responseCells, validator } from "../harness/spec.js";

const coverage = createCoverageRecorder(import.meta.url);
afterAll(() => coverage.flush());

const { customerId, orderId, attachmentId } = ids;
type Json = Record<string, unknown>;

/** Every request the call made was accepted by Prism, and each JSON/multipart body matches the spec under ajv. */
async function expectAllAccepted(
  operationOf: (e: CapturedExchange) => string,
  exchanges: CapturedExchange[],
) {
  expect(exchanges.length).toBeGreaterThan(0);
  for (const exchange of exchanges) {
    expectRequestAccepted(exchange);
    await expectRequestBodyMatchesSpec(operationOf(exchange), exchange);
  }
}

const byMethod = (operationId: string) => () => operationId;

/** The value, or a failed test saying what the spec lacks. */
function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}

describe.concurrent("every request example of the spec, sent through the client", () => {
  const senders: Record<string, (client: PartnerCenterClient, body: Json) => Promise<unknown>> = {
    createOrder: (client, body) => client.orders.create(customerId, body as never),
    updateOrder: (client, body) =>
      client.orders.update(customerId, typeof body.id === "string" ? body.id : orderId, body as never),
  };
  for (const { operationId, operation } of validator.operations()) {
    if (operation.requestBody === undefined) continue;
    const examples = requestExamples(operationId);
    if (examples.length === 0) continue; // the multipart upload has no request example; see below
    for (const example of examples) {
      it(`${operationId}: ${example.name}`, async () => {
        const send = senders[operationId];
        expect(send, `no client method mapped for ${operationId}'s body`).toBeDefined();
        const mock = createMockClient();
        const settled = await settle(
          send?.(mock.client, structuredClone(example.value) as Json) ?? Promise.resolve(),
        );
        if (!settled.ok) throw settled.error;
        await expectAllAccepted(byMethod(operationId), mock.exchanges);
        expect(JSON.parse(new TextDecoder().decode(mock.single().requestBody))).toEqual(example.value);
      });
    }
  }
});

describe.concurrent("client methods and options", () => {
  it("create with customerUserUpn sends x-ms-customeruser-upn", async () => {
    const mock = createMockClient();
    const [example] = requestExamples("createOrder");
    await mock.client.orders.create(customerId, example?.value as never, {
      customerUserUpn: "alex.wilber@contoso.onmicrosoft.com",
    });
    await expectAllAccepted(byMethod("createOrder"), mock.exchanges);
    expect(mock.single().requestHeaders.get("x-ms-customeruser-upn")).toBe(
      "alex.wilber@contoso.onmicrosoft.com",
    );
  });

  it("create numbers the line items itself when none has a number", async () => {
    const mock = createMockClient();
    await mock.client.orders.create(customerId, {
      lineItems: [
        { offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: 2 },
        { offerId: "CFQ7TTC0LF8Q:0001:CFQ7TTC0KDK7", quantity: 3 },
      ],
    });
    await expectAllAccepted(byMethod("createOrder"), mock.exchanges);
    const sent = JSON.parse(new TextDecoder().decode(mock.single().requestBody)) as { lineItems: Json[] };
    expect(sent.lineItems.map((line) => line.lineItemNumber)).toEqual([0, 1]);
  });

  it("list with every filter sends query parameters Prism accepts", async () => {
    const mock = createMockClient();
    const pages = mock.client.orders
      .list(customerId, {
        billingType: "one_time",
        indirectResellerId: "4847383",
        includePrice: true,
        includeSystemPurchases: false,
      })
      .byPage();
    await pages.next();
    await expectAllAccepted(byMethod("listOrders"), mock.exchanges);
    const query = new URLSearchParams(mock.single().pathAndQuery.split("?")[1]);
    expect(Object.fromEntries(query)).toEqual({
      billingType: "one_time",
      indirect_reseller_id: "4847383",
      include_price: "true",
      include_system_purchases: "false",
    });
  });

  it("list follows links.next with the link's own query, and stops when the link repeats", async () => {
    const paged = responseCells("listOrders")
      .flatMap((cell) => cell.examples)
      .find((example) => typeof (example.value as { links?: { next?: unknown } }).links?.next === "object");
    const example = defined(paged, "a paged listOrders example in the spec");
    const next = (example.value as { links: { next: { uri: string } } }).links.next.uri;
    // Prism serves the same page again for the next link, so its next link repeats.
    const mock = createMockClient({ prefer: `example=${example.name}` });
    const pages: unknown[] = [];
    const settled = await settle(
      (async () => {
        for await (const page of mock.client.orders.list(customerId).byPage()) pages.push(page);
      })(),
    );
    expect(settled.ok).toBe(false);
    expect(settled.ok ? undefined : (settled.error as { code?: unknown }).code).toBe("PAGING_ERROR");
    // The first page is yielded; the second repeats its next link, so it is refused instead of looping.
    expect(pages).toHaveLength(1);
    expect(mock.exchanges).toHaveLength(2);
    await expectAllAccepted(byMethod("listOrders"), mock.exchanges);
    expect(mock.exchanges[1]?.pathAndQuery).toBe(next);
    // Each page is its own logical call: its own MS-RequestId.
    const requestIds = mock.exchanges.map((e) => e.requestHeaders.get("MS-RequestId"));
    expect(new Set(requestIds).size).toBe(2);
  });

  it("get with includePrice", async () => {
    const mock = createMockClient();
    await mock.client.orders.get(customerId, orderId, { includePrice: true });
    await expectAllAccepted(byMethod("getOrder"), mock.exchanges);
    expect(mock.single().pathAndQuery).toMatch(/\?include_price=true$/);
  });

  it("cancel (whole order) sends {id, status: cancelled}", async () => {
    const mock = createMockClient();
    await mock.client.orders.cancel(customerId, orderId);
    await expectAllAccepted(byMethod("updateOrder"), mock.exchanges);
    expect(JSON.parse(new TextDecoder().decode(mock.single().requestBody))).toEqual({
      id: orderId,
      status: "cancelled",
    });
  });

  it("cancel of some line items reads the order, then patches those lines with their offer ids", async () => {
    const mock = createMockClient();
    await mock.client.orders.cancel(customerId, orderId, { lineItemNumbers: [0] });
    expect(mock.exchanges.map((e) => e.method)).toEqual(["GET", "PATCH"]);
    await expectAllAccepted((e) => (e.method === "GET" ? "getOrder" : "updateOrder"), mock.exchanges);
    const order = mock.exchanges[0]?.json as { lineItems: { lineItemNumber: number; offerId: string }[] };
    const line = order.lineItems.find((l) => l.lineItemNumber === 0);
    const patch = JSON.parse(new TextDecoder().decode(mock.exchanges[1]?.requestBody)) as Json;
    expect(patch).toEqual({
      id: orderId,
      status: "cancelled",
      lineItems: [{ lineItemNumber: 0, offerId: line?.offerId }],
    });
  });

  it("purchaseAddOn patches one line with parentSubscriptionId", async () => {
    const mock = createMockClient();
    await mock.client.orders.purchaseAddOn(customerId, orderId, {
      parentSubscriptionId: "2e1c6b1c-3b64-4b5e-a8bd-7c5f1f3a9d02",
      offerId: "CFQ7TTC0LDPB:0001:CFQ7TTC0KF62",
      quantity: 2,
    });
    await expectAllAccepted(byMethod("updateOrder"), mock.exchanges);
    const patch = JSON.parse(new TextDecoder().decode(mock.single().requestBody)) as { lineItems: Json[] };
    expect(patch.lineItems[0]).toMatchObject({
      parentSubscriptionId: "2e1c6b1c-3b64-4b5e-a8bd-7c5f1f3a9d02",
      quantity: 2,
    });
  });

  it("waitUntilProvisioned resolves on a fulfilled answer", async () => {
    const fulfilled = responseCells("getOrderProvisioningStatus")
      .flatMap((cell) => cell.examples)
      .find((example) =>
        ((example.value as { items?: { status?: string }[] }).items ?? []).every((i) =>
          /^fulfilled$/i.test(i.status ?? ""),
        ),
      );
    const example = defined(fulfilled, "an all-fulfilled provisioning example in the spec");
    const mock = createMockClient({ prefer: `example=${example.name}` });
    const lines = await mock.client.orders.waitUntilProvisioned(customerId, orderId, { pollIntervalInMs: 1 });
    expect(lines).toEqual((example.value as { items: unknown[] }).items);
    await expectAllAccepted(byMethod("getOrderProvisioningStatus"), mock.exchanges);
  });

  it("uploadAttachment with several purchase-order files, tender files and full metadata", async () => {
    const mock = createMockClient();
    await mock.client.orders.uploadAttachment(customerId, orderId, {
      metadata: {
        customerPrice: "1250.00",
        currency: "EUR",
        fxRate: "1.08",
        isPartOfTender: true,
        tenderLink: "https://tenders.example.org/T-1",
      },
      purchaseOrderFiles: [
        new File(["%PDF-1.7 first"], "po-1.pdf", { type: "application/pdf" }),
        { fileName: "po-2.png", content: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), contentType: "image/png" },
      ],
      tenderFiles: new File(["%PDF-1.7 tender"], "tender.pdf", { type: "application/pdf" }),
    });
    await expectAllAccepted(byMethod("uploadOrderAttachment"), mock.exchanges);
    const form = await new Response(mock.single().requestBody as BodyInit, {
      headers: { "content-type": mock.single().requestHeaders.get("content-type") ?? "" },
    }).formData();
    expect(form.getAll("pofiles")).toHaveLength(2);
    expect(form.getAll("tenderfiles")).toHaveLength(1);
    expect(JSON.parse(await (form.get("metadata") as Blob).text())).toMatchObject({
      currency: "EUR",
      isPartOfTender: true,
    });
  });

  it("listSubscriptions sends order_id and yields the order's subscriptions", async () => {
    const mock = createMockClient();
    const subscriptions = [];
    for await (const subscription of mock.client.orders.listSubscriptions(customerId, orderId)) {
      subscriptions.push(subscription);
    }
    await expectAllAccepted(byMethod("listOrderSubscriptions"), mock.exchanges);
    const wire = mock.single();
    expect(wire.pathAndQuery).toBe(`/customers/${customerId}/subscriptions?order_id=${orderId}`);
    expect(subscriptions).toEqual((wire.json as { items: unknown[] }).items);
    expect(subscriptions.length).toBeGreaterThan(0);
  });

  it("listSubscriptions follows links.next, one request id per page, and stops when the link repeats", async () => {
    const paged = responseCells("listOrderSubscriptions")
      .flatMap((cell) => cell.examples)
      .find((example) => typeof (example.value as { links?: { next?: unknown } }).links?.next === "object");
    const example = defined(paged, "a paged listOrderSubscriptions example in the spec");
    const next = (example.value as { links: { next: { uri: string } } }).links.next.uri;
    const mock = createMockClient({ prefer: `example=${example.name}` });
    const requestId = "3f0c2b9e-5d1a-4c7e-9b8f-2a6d4e1c0b7a";
    const pages: unknown[] = [];
    const settled = await settle(
      (async () => {
        for await (const page of mock.client.orders
          .listSubscriptions(customerId, orderId, { requestId })
          .byPage()) {
          pages.push(page);
        }
      })(),
    );
    expect(settled.ok ? undefined : (settled.error as { code?: unknown }).code).toBe("PAGING_ERROR");
    expect(pages).toHaveLength(1);
    expect(mock.exchanges.map((e) => e.pathAndQuery)).toEqual([
      `/customers/${customerId}/subscriptions?order_id=${orderId}`,
      next,
    ]);
    await expectAllAccepted(byMethod("listOrderSubscriptions"), mock.exchanges);
    const ids = mock.exchanges.map((e) => e.requestHeaders.get("MS-RequestId"));
    expect(ids[0]).toBe(requestId);
    expect(ids[1]).not.toBe(requestId);
  });

  it.each([
    ["a customer id that is not a GUID", "contoso", orderId],
    ["an order id that is not one path segment", customerId, "../orders"],
    ["an empty order id", customerId, ""],
  ])("listSubscriptions refuses %s before sending anything", async (_, customer, order) => {
    const mock = createMockClient();
    const settled = await settle(
      (async () => {
        for await (const _subscription of mock.client.orders.listSubscriptions(customer, order)) break;
      })(),
    );
    expect(settled.ok).toBe(false);
    expect(settled.ok ? undefined : settled.error).toBeInstanceOf(TypeError);
    expect(mock.exchanges).toHaveLength(0);
  });

  it("downloadAttachment asks for any media type and returns the bytes", async () => {
    const mock = createMockClient();
    const file = await mock.client.orders.downloadAttachment(customerId, orderId, attachmentId);
    await expectAllAccepted(byMethod("downloadOrderAttachment"), mock.exchanges);
    expect(mock.single().requestHeaders.get("accept")).toBe("*/*");
    expect(new Uint8Array(await file.content.arrayBuffer())).toEqual(mock.single().bytes);
  });
});

/** Requests the spec forbids. Each names the violation Prism must report; ajv must agree for bodies. */
interface InvalidRequest {
  name: string;
  operationId: string;
  send(client: PartnerCenterClient): Promise<unknown>;
  /** The `location` Prism reports (joined with "."), and its code. */
  violation: { location: string; code: string };
  /** The body, when the violation is in it: ajv must refuse it too. */
  body?: unknown;
}

const validLine = { lineItemNumber: 0, offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: 1 };
const ORDERS = "/customers/{customerId}/orders" as const;
const ORDER = "/customers/{customerId}/orders/{orderId}" as const;

function createWith(body: unknown, customer = customerId) {
  return (client: PartnerCenterClient) =>
    client.raw.POST(ORDERS, { params: { path: { customerId: customer } }, body: body as never });
}

function updateWith(body: unknown) {
  return (client: PartnerCenterClient) =>
    client.raw.PATCH(ORDER, { params: { path: { customerId, orderId } }, body: body as never });
}

const invalidRequests: InvalidRequest[] = [
  {
    name: "create with no line items",
    operationId: "createOrder",
    body: { lineItems: [] },
    send: createWith({ lineItems: [] }),
    violation: { location: "request.body.lineItems", code: "minItems" },
  },
  {
    name: "create with no line items, PascalCase as the SDK sends it",
    operationId: "createOrder",
    body: { LineItems: [] },
    send: createWith({ LineItems: [] }),
    violation: { location: "request.body.LineItems", code: "minItems" },
  },
  {
    name: "create with a fractional quantity (an int in the REST reference and the SDK)",
    operationId: "createOrder",
    body: { lineItems: [{ ...validLine, quantity: 1.5 }] },
    send: createWith({ lineItems: [{ ...validLine, quantity: 1.5 }] }),
    violation: { location: "request.body.lineItems.0.quantity", code: "type" },
  },
  {
    name: "create with status none (code 0, microsoft/PartnerCenterPowerShellModule#50)",
    operationId: "createOrder",
    body: { status: "none", lineItems: [validLine] },
    send: createWith({ status: "none", lineItems: [validLine] }),
    violation: { location: "request.body.status", code: "not" },
  },
  {
    name: "create with parentSubscriptionId on a line",
    operationId: "createOrder",
    body: { lineItems: [{ ...validLine, parentSubscriptionId: "2e1c6b1c-3b64-4b5e-a8bd-7c5f1f3a9d02" }] },
    send: createWith({
      lineItems: [{ ...validLine, parentSubscriptionId: "2e1c6b1c-3b64-4b5e-a8bd-7c5f1f3a9d02" }],
    }),
    violation: { location: "request.body.lineItems.0.parentSubscriptionId", code: "type" },
  },
  {
    name: "create for a customer id that is not a GUID",
    operationId: "createOrder",
    send: createWith({ lineItems: [validLine] }, "not-a-guid"),
    violation: { location: "request.path.customerId", code: "format" },
  },
  {
    name: "update with Status None, PascalCase (code 0, microsoft/PartnerCenterPowerShellModule#50)",
    operationId: "updateOrder",
    body: { Status: "None" },
    send: updateWith({ Status: "None" }),
    violation: { location: "request.body.Status", code: "not" },
  },
  {
    name: "subscriptions of an order without order_id",
    operationId: "listOrderSubscriptions",
    send: (client) =>
      client.raw.GET("/customers/{customerId}/subscriptions", {
        params: { path: { customerId }, query: undefined as never },
      }),
    violation: { location: "request.query", code: "required" },
  },
  {
    name: "activation links of a negative line number",
    operationId: "listOrderLineItemActivationLinks",
    send: (client) =>
      client.raw.GET(`${ORDER}/lineitems/{lineItemNumber}/activationlinks`, {
        params: { path: { customerId, orderId, lineItemNumber: -1 } },
      }),
    violation: { location: "request.path.lineItemNumber", code: "minimum" },
  },
];

describe.concurrent("requests the spec forbids, sent through client.raw", () => {
  for (const invalid of invalidRequests) {
    it(`${invalid.name}: Prism answers 400 naming ${invalid.violation.location} (${invalid.violation.code})`, async () => {
      const mock = createMockClient();
      const result = (await invalid.send(mock.client)) as { response: Response; error?: unknown };
      const wire = mock.single();
      expect(result.response.status).toBe(400);
      expect(wire.status).toBe(400);
      // Prism reports parameter names in lower case.
      const found = (wire.violations ?? []).map((v: PrismViolation) => ({
        location: v.location.join(".").toLowerCase(),
        code: String(v.code),
      }));
      expect(found).toContainEqual({
        ...invalid.violation,
        location: invalid.violation.location.toLowerCase(),
      });
      // Prism answers an invalid request with the operation's declared 400, which must itself be valid.
      expectResponseMatchesSpec(invalid.operationId, "400", wire);
      if (invalid.body !== undefined) {
        const verdict = validator.validateRequestBody(invalid.operationId, invalid.body);
        expect(verdict.valid, "ajv must refuse the body too").toBe(false);
        // ajv names the same place: "(body)" for the body itself, else a JSON pointer.
        const segments = invalid.violation.location.split(".").slice(2);
        const pointer = segments.length === 0 ? "(body)" : `/${segments.join("/")}`;
        expect(
          verdict.errors.some((error) => error.startsWith(`${pointer} `)),
          verdict.errors.join("; "),
        ).toBe(true);
      }
      expect(operationById(invalid.operationId).operation.responses).toHaveProperty("400");
      coverage.record({
        operationId: invalid.operationId,
        status: "400",
        via: "request-violation",
        sentStatus: 400,
      });
    });
  }
});

/**
 * Requests the service accepts though the client never sends them (other casings, server-owned fields,
 * values the service returns, the SDK's query booleans, headers without the limits no source states),
 * sent through `client.raw`: Prism's request validation must let each through, as the service does.
 * The sources of each case are in contract-tests/spec/tolerance.test.ts and docs/spec.md.
 */
describe.concurrent("requests as tolerant as the service, sent through client.raw", () => {
  const orderRead = {
    id: orderId,
    alternateId: orderId,
    referenceCustomerId: customerId,
    billingCycle: "monthly",
    currencyCode: "USD",
    currencySymbol: "$",
    lineItems: [{ ...validLine, quantity: 6, termDuration: "P1Y", transactionType: "New" }],
    creationDate: "2023-05-18T21:22:26.7034834Z",
    status: "completed",
    transactionType: "UserPurchase",
    links: { self: { uri: `/customers/${customerId}/orders/${orderId}`, method: "GET", headers: [] } },
    client: {},
    attributes: { objectType: "Order" },
  };
  const cases: Array<{
    name: string;
    operationId: string;
    send(client: PartnerCenterClient): Promise<unknown>;
  }> = [
    {
      name: "create in PascalCase with the read-only CurrencyCode (create-an-order.md example)",
      operationId: "createOrder",
      send: createWith({
        BillingCycle: "one_time",
        CurrencyCode: "USD",
        LineItems: [{ LineItemNumber: 0, OfferId: "DZH318Z0BQ4B:0047:DZH318Z0DSM8", Quantity: 1 }],
      }),
    },
    {
      name: "create with the whole Order model as the SDK serializes it (status pending, id null)",
      operationId: "createOrder",
      send: createWith({ ...orderRead, id: null, status: "pending", billingCycle: "biennial" }),
    },
    {
      name: "update with the order read and sent back whole, status completed (SDK UpdateOrder sample)",
      operationId: "updateOrder",
      send: updateWith(orderRead),
    },
    {
      name: 'update in the cancel flow with termDuration "" (cancel-software-purchases.md)',
      operationId: "updateOrder",
      send: updateWith({
        ...orderRead,
        status: "cancelled",
        lineItems: [{ lineItemNumber: 0, offerId: "DG7GMGF0DWMS:0002:DG7GMGF0DSV5", termDuration: "" }],
      }),
    },
    {
      name: "list with include_price=True and include_system_purchases=False (C# bool.ToString())",
      operationId: "listOrders",
      send: (client) =>
        client.raw.GET(ORDERS, {
          params: {
            path: { customerId },
            query: { include_price: "True", include_system_purchases: "False", billingType: "OneTime" },
          },
        }),
    },
    {
      name: "get with include_price=False",
      operationId: "getOrder",
      send: (client) =>
        client.raw.GET(ORDER, {
          params: { path: { customerId, orderId }, query: { include_price: "False" } },
        }),
    },
    {
      name: "headers without the limits no source states, and MS-Contract-Version (headers.md)",
      operationId: "listOrderSubscriptions",
      send: (client) =>
        client.raw.GET("/customers/{customerId}/subscriptions", {
          params: { path: { customerId }, query: { order_id: orderId } },
          headers: {
            "MS-RequestId": "billing-run-2026-12-07-0001",
            "MS-CorrelationId": "billing-run-2026-12-07",
            "MS-CV": "x".repeat(300),
            "MS-PartnerCenter-Application": "a".repeat(300),
            "MS-Contract-Version": "v1",
          },
        }),
    },
  ];
  for (const tolerant of cases) {
    it(`${tolerant.name}: no sl-violations`, async () => {
      const mock = createMockClient();
      const result = (await tolerant.send(mock.client)) as { response: Response };
      const wire = mock.single();
      expectRequestAccepted(wire);
      expect(result.response.status).toBeLessThan(300);
      await expectRequestBodyMatchesSpec(tolerant.operationId, wire);
    });
  }

  it("an upload with the SDK's part names and the documentation's isPartofTender: no sl-violations", async () => {
    const mock = createMockClient();
    const form = new FormData();
    const metadata = {
      isPartofTender: true,
      customerPrice: 156.87,
      currency: "CAD",
      tenderLink: "https://t.example/1",
    };
    form.append(
      "metadata",
      new Blob([JSON.stringify(metadata)], { type: "application/json" }),
      "metadata.json",
    );
    form.append("POFiles", new Blob(["%PDF-1.7 po"], { type: "application/pdf" }), "po.pdf");
    form.append("TenderFiles", new Blob(["%PDF-1.7 tender"], { type: "application/pdf" }), "tender.pdf");
    const result = await mock.client.raw.POST(`${ORDER}/attachment`, {
      params: { path: { customerId, orderId } },
      body: form as never,
      bodySerializer: () => form,
    });
    const wire = mock.single();
    expectRequestAccepted(wire);
    expect(result.response.status).toBe(201);
    await expectRequestBodyMatchesSpec("uploadOrderAttachment", wire);
  });
});
