import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_LINE_ITEMS_PER_ORDER } from "../../src/arguments.js";
import { PartnerCenterClient } from "../../src/client.js";
import type { UpdateOrderInput } from "../../src/models.js";
import { testClient } from "../helpers/clients.js";
import {
  CUSTOMER_ID,
  json,
  type LoopbackServer,
  order,
  startServer,
  TOKEN,
} from "../helpers/loopback-server.js";

// Every bad argument must be refused before anything reaches this server.
let server: LoopbackServer;
beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 200, order()));
});
afterAll(() => server.close());

const line = { offerId: "A:0001:B", quantity: 1 };

async function refused(
  call: () => Promise<unknown>,
  type: typeof TypeError | typeof RangeError,
): Promise<void> {
  const before = server.requests.length;
  await expect(call()).rejects.toThrow(type);
  expect(server.requests.length).toBe(before);
}

describe("argument checks before any request", () => {
  const { client } = testClient("http://127.0.0.1:1/v1");
  const orders = () => testClient(server.endpoint).client.orders;

  it.each(["", "not-a-guid", `${CUSTOMER_ID}/../x`, " 4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04"])(
    "customer id %j is refused",
    async (customerId) => {
      await refused(() => orders().get(customerId, "5cf72f146967"), TypeError);
    },
  );

  it.each(["", "../", "..", ".", "a/b", "%2F", "a%2Fb", "a b", " x", "x\n", "ü"])(
    "order id %j is refused",
    async (orderId) => {
      await refused(() => orders().get(CUSTOMER_ID, orderId), TypeError);
    },
  );

  it("refuses an order id that is too long", async () => {
    await refused(() => orders().get(CUSTOMER_ID, "a".repeat(257)), RangeError);
  });

  it("refuses an order without line items, and one with too many", async () => {
    await refused(() => orders().create(CUSTOMER_ID, { lineItems: [] }), RangeError);
    const many = Array.from({ length: MAX_LINE_ITEMS_PER_ORDER + 1 }, () => line);
    await refused(() => orders().create(CUSTOMER_ID, { lineItems: many }), RangeError);
    await refused(() => orders().create(CUSTOMER_ID, {} as never), TypeError);
  });

  it.each([[[0, 2]], [[1, 2]], [[0, 0]], [[-1, 0]]])("refuses line numbers %j", async (numbers) => {
    const lineItems = numbers.map((lineItemNumber) => ({ ...line, lineItemNumber }));
    await expect(orders().create(CUSTOMER_ID, { lineItems })).rejects.toThrow(RangeError);
  });

  it("accepts line numbers in any order when they are 0..n-1", async () => {
    const lineItems = [1, 0].map((lineItemNumber) => ({ ...line, lineItemNumber }));
    await expect(orders().create(CUSTOMER_ID, { lineItems })).resolves.toMatchObject({ id: "5cf72f146967" });
  });

  it("refuses a mix of numbered and unnumbered lines", async () => {
    await refused(
      () => orders().create(CUSTOMER_ID, { lineItems: [{ ...line, lineItemNumber: 0 }, line] }),
      TypeError,
    );
  });

  it.each([0, -1, 1.5, Number.NaN, "2"])("refuses quantity %j", async (quantity) => {
    const type = typeof quantity === "string" ? TypeError : RangeError;
    await refused(
      () => orders().create(CUSTOMER_ID, { lineItems: [{ ...line, quantity: quantity as number }] }),
      type,
    );
  });

  it("refuses status and parentSubscriptionId on create", async () => {
    await refused(
      () => orders().create(CUSTOMER_ID, { lineItems: [line], status: "none" } as never),
      TypeError,
    );
    await refused(
      () =>
        orders().create(CUSTOMER_ID, { lineItems: [{ ...line, parentSubscriptionId: "a6f5cf3a" }] } as never),
      TypeError,
    );
  });

  it("refuses an empty offer id", async () => {
    await refused(
      () => orders().create(CUSTOMER_ID, { lineItems: [{ offerId: " ", quantity: 1 }] }),
      TypeError,
    );
  });

  it.each([-1, 0, Number.POSITIVE_INFINITY, Number.NaN])("refuses timeoutInMs %j", async (timeoutInMs) => {
    await refused(() => orders().get(CUSTOMER_ID, "5cf72f146967", { timeoutInMs }), RangeError);
  });

  it("refuses request and correlation ids that are not GUIDs", async () => {
    await refused(() => orders().get(CUSTOMER_ID, "5cf72f146967", { requestId: "retry-1" }), TypeError);
    await refused(() => orders().get(CUSTOMER_ID, "5cf72f146967", { correlationId: "x" }), TypeError);
  });

  it("refuses a patch that sets another status, or nothing", async () => {
    await refused(
      () => orders().update(CUSTOMER_ID, "5cf72f146967", { status: "active" as "cancelled" }),
      TypeError,
    );
    await refused(() => orders().update(CUSTOMER_ID, "5cf72f146967", {}), TypeError);
    await refused(() => orders().update(CUSTOMER_ID, "5cf72f146967", { id: "other" }), TypeError);
  });

  it("refuses a patch that sets what the service owns, on the order or a line", async () => {
    const owned = { currencyCode: "EUR" } as unknown as UpdateOrderInput;
    await refused(() => orders().update(CUSTOMER_ID, "5cf72f146967", owned), TypeError);
    const line = {
      lineItems: [{ lineItemNumber: 0, transactionType: "New" }],
    } as unknown as UpdateOrderInput;
    await refused(() => orders().update(CUSTOMER_ID, "5cf72f146967", line), TypeError);
  });

  it("refuses bad cancel line numbers before reading the order", async () => {
    await refused(() => orders().cancel(CUSTOMER_ID, "5cf72f146967", { lineItemNumbers: [] }), RangeError);
    await refused(
      () => orders().cancel(CUSTOMER_ID, "5cf72f146967", { lineItemNumbers: [0, 0] }),
      RangeError,
    );
    await refused(() => orders().cancel(CUSTOMER_ID, "5cf72f146967", { lineItemNumbers: [-1] }), RangeError);
  });

  it("refuses a bad add-on", async () => {
    await refused(
      () =>
        orders().purchaseAddOn(CUSTOMER_ID, "5cf72f146967", {
          parentSubscriptionId: "",
          offerId: "X",
          quantity: 1,
        }),
      TypeError,
    );
    await refused(
      () =>
        orders().purchaseAddOn(CUSTOMER_ID, "5cf72f146967", {
          parentSubscriptionId: "p",
          offerId: "X",
          quantity: 0,
        }),
      RangeError,
    );
  });

  it("refuses bad polling options", async () => {
    await refused(
      () => orders().waitUntilProvisioned(CUSTOMER_ID, "5cf72f146967", { pollIntervalInMs: -5 }),
      RangeError,
    );
    await refused(
      () => orders().waitUntilProvisioned(CUSTOMER_ID, "5cf72f146967", { maxWaitInMs: 0 }),
      RangeError,
    );
  });

  it("refuses bad attachment metadata and files", async () => {
    const file = new File(["po"], "po.pdf");
    await refused(
      () =>
        orders().uploadAttachment(CUSTOMER_ID, "5cf72f146967", {
          metadata: { customerPrice: 12.5 as unknown as string, currency: "EUR" },
          purchaseOrderFiles: file,
        }),
      TypeError,
    );
    await refused(
      () =>
        orders().uploadAttachment(CUSTOMER_ID, "5cf72f146967", {
          metadata: { customerPrice: "1", currency: "EURO" },
          purchaseOrderFiles: file,
        }),
      TypeError,
    );
    await refused(
      () =>
        orders().uploadAttachment(CUSTOMER_ID, "5cf72f146967", {
          metadata: { customerPrice: "1", currency: "EUR" },
          purchaseOrderFiles: [],
        }),
      RangeError,
    );
    await refused(
      () =>
        orders().uploadAttachment(CUSTOMER_ID, "5cf72f146967", {
          metadata: { customerPrice: "1", currency: "EUR", isPartOfTender: true },
          purchaseOrderFiles: file,
        }),
      TypeError,
    );
  });

  it("refuses bad list filters", async () => {
    expect(() => orders().list(CUSTOMER_ID, { billingType: "one time" })).toThrow(TypeError);
    expect(() => orders().list(CUSTOMER_ID, { includePrice: "yes" as unknown as boolean })).toThrow(
      TypeError,
    );
    expect(() => orders().list("nope")).toThrow(TypeError);
    expect(client).toBeDefined();
  });
});

describe("client options", () => {
  it.each([
    ["a plain http endpoint", { endpoint: "http://api.partnercenter.microsoft.com/v1" }, TypeError],
    ["a relative endpoint", { endpoint: "/v1" }, TypeError],
    ["an endpoint with a query", { endpoint: "https://h.example/v1?x=1" }, TypeError],
    ["a negative attempt timeout", { attemptTimeoutInMs: -1 }, RangeError],
    ["zero requests per minute", { throttling: { requestsPerMinute: 0 } }, RangeError],
    ["a fractional retry count", { retryOptions: { maxRetries: 1.5 } }, RangeError],
    ["a locale with a line break", { locale: "en-US\r\nX: y" }, TypeError],
  ])("refuses %s", (_label, options, type) => {
    expect(() => new PartnerCenterClient({ credential: TOKEN, ...options })).toThrow(type);
  });

  it("defaults to the global endpoint and appends /v1 to a bare origin", () => {
    expect(new PartnerCenterClient({ credential: TOKEN }).endpoint).toBe(
      "https://api.partnercenter.microsoft.com/v1",
    );
    expect(
      new PartnerCenterClient({ credential: TOKEN, endpoint: "https://api.partnercenter.microsoft.com" })
        .endpoint,
    ).toBe("https://api.partnercenter.microsoft.com/v1");
  });
});
