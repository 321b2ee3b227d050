// Orders move on by the service clock: pending → completed, provisioning → fulfilled, then cancellation
// by the documented rules; the other PATCH uses (add-on, billing cycle) and listing with its filters.
import { describe, expect, it } from "vitest";
import { allItems } from "../../contract-tests/harness/operations.js";
import { isPartnerCenterError, type PartnerCenterError } from "../../src/index.js";
import { CUSTOMER, clientOf, emulatorForTest, LICENCE, send } from "./helpers.js";

const DAY = 24 * 60 * 60 * 1000;

async function failure(promise: Promise<unknown>): Promise<PartnerCenterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPartnerCenterError(error)) throw new Error(`expected a PartnerCenterError, got ${String(error)}`);
  return error;
}

describe("life cycle", () => {
  it("starts pending, provisions after the delay, then is completed with subscription ids", async () => {
    const emulator = await emulatorForTest({ provisioningDelayInMs: 60_000 });
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    expect(order.status).toBe("pending");
    expect(order.lineItems?.[0]?.subscriptionId).toBeUndefined();
    expect((await client.orders.getProvisioningStatus(CUSTOMER, order.id)).map((l) => l.status)).toEqual([
      "prefulfillmentPending",
    ]);
    emulator.advanceTime(60_000);
    const provisioned = await client.orders.getProvisioningStatus(CUSTOMER, order.id);
    expect(provisioned.map((l) => l.status)).toEqual(["fulfilled"]);
    const completed = await client.orders.get(CUSTOMER, order.id);
    expect(completed.status).toBe("completed");
    expect(completed.lineItems?.[0]?.subscriptionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.violations).toEqual([]);
  });

  it("speeds time up with timeScale, so waitUntilProvisioned sees the change", async () => {
    const emulator = await emulatorForTest({ timeScale: 100, provisioningDelayInMs: 50_000 });
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const lines = await client.orders.waitUntilProvisioned(CUSTOMER, order.id, {
      pollIntervalInMs: 10,
      maxWaitInMs: 5_000,
    });
    expect(lines.map((l) => l.status)).toEqual(["fulfilled"]);
    const polls = emulator.requests.filter((r) => r.operationId === "getOrderProvisioningStatus");
    expect(polls.length).toBeGreaterThan(1);
  });

  it("refuses to cancel an order still in progress (409, 800060)", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const error = await failure(client.orders.cancel(CUSTOMER, order.id));
    expect([error.statusCode, error.code]).toEqual([409, 800060]);
    expect(emulator.orders(CUSTOMER)[0]?.status).toBe("pending");
  });

  it("cancels a completed order within the window: status cancelled, quantities 0, lines unfulfilled", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    emulator.advanceTime(DAY);
    const cancelled = await client.orders.cancel(CUSTOMER, order.id);
    expect(cancelled.id).toBe(order.id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.lineItems?.[0]?.quantity).toBe(0);
    expect((await client.orders.getProvisioningStatus(CUSTOMER, order.id))[0]?.status).toBe("unfulfilled");
    const again = await failure(client.orders.cancel(CUSTOMER, order.id));
    expect([again.statusCode, again.code]).toEqual([400, 800061]);
  });

  it("refuses cancellation after the window with 900117", async () => {
    const emulator = await emulatorForTest({ cancellationWindowInDays: 7 });
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    emulator.advanceTime(8 * DAY);
    const error = await failure(client.orders.cancel(CUSTOMER, order.id));
    expect([error.statusCode, error.code]).toEqual([400, 900117]);
    expect(error.description).toContain("7-day cancellation window");
    expect(emulator.orders(CUSTOMER)[0]?.status).toBe("completed");
  });

  it("cancels only the line items named; the order stays completed", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, {
      lineItems: [LICENCE, { offerId: "CFQ7TTC0LDPB:0001:CFQ7TTC0K5BF", quantity: 2 }],
    });
    emulator.advanceTime(DAY);
    const after = await client.orders.cancel(CUSTOMER, order.id, { lineItemNumbers: [1] });
    expect(after.status).toBe("completed");
    expect(after.lineItems?.map((l) => l.quantity)).toEqual([LICENCE.quantity, 0]);
  });

  it("buys an add-on on the order of its parent subscription, and refuses an unrelated parent", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    emulator.advanceTime(DAY);
    const parent = (await client.orders.get(CUSTOMER, order.id)).lineItems?.[0]?.subscriptionId as string;
    const withAddOn = await client.orders.purchaseAddOn(CUSTOMER, order.id, {
      parentSubscriptionId: parent,
      offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P",
      quantity: 2,
    });
    expect(withAddOn.lineItems).toHaveLength(2);
    expect(withAddOn.lineItems?.[1]).toMatchObject({
      lineItemNumber: 1,
      parentSubscriptionId: parent,
      quantity: 2,
    });
    expect(withAddOn.status).toBe("pending"); // the add-on provisions like any purchase
    const error = await failure(
      client.orders.purchaseAddOn(CUSTOMER, order.id, {
        parentSubscriptionId: crypto.randomUUID(),
        offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P",
        quantity: 1,
      }),
    );
    expect([error.statusCode, error.code]).toEqual([400, 800029]);
  });

  it("changes the billing cycle of a completed order, not of one still provisioning (6000)", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const early = await failure(client.orders.update(CUSTOMER, order.id, { billingCycle: "annual" }));
    expect([early.statusCode, early.code]).toEqual([400, 6000]);
    emulator.advanceTime(DAY);
    const changed = await client.orders.update(CUSTOMER, order.id, { billingCycle: "annual" });
    expect(changed.billingCycle).toBe("annual");
    expect(emulator.orders(CUSTOMER)[0]?.billingCycle).toBe("annual");
  });

  it("waits for the purchase order before provisioning products that need one", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, {
      lineItems: [{ offerId: "DG7GMGF0D7FV:0002:DG7GMGF0D7FW", quantity: 1 }],
    });
    expect(order.status).toBe("pending_po_upload");
    emulator.advanceTime(DAY);
    expect(emulator.orders(CUSTOMER)[0]?.status).toBe("pending_po_upload");
    const stored = await client.orders.uploadAttachment(CUSTOMER, order.id, {
      metadata: { customerPrice: "1250.00", currency: "EUR" },
      purchaseOrderFiles: {
        fileName: "po.pdf",
        content: new TextEncoder().encode("%PDF-1.7 po"),
        contentType: "application/pdf",
      },
    });
    expect(stored).toMatchObject([{ fileName: "po.pdf", attachmentType: "POAttachment", sizeInKB: 1 }]);
    expect(emulator.orders(CUSTOMER)[0]?.status).toBe("po_upload_complete");
    emulator.advanceTime(DAY);
    expect(emulator.orders(CUSTOMER)[0]?.status).toBe("completed");
    const listed = await allItems(client.orders.listAttachments(CUSTOMER, order.id));
    const file = await client.orders.downloadAttachment(
      CUSTOMER,
      order.id,
      listed[0]?.attachmentId as string,
    );
    expect(await file.content.text()).toBe("%PDF-1.7 po");
    expect(file.fileName).toBe("po.pdf");
  });

  it("gives activation links for provisioned line items only", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    expect(await allItems(client.orders.listActivationLinks(CUSTOMER, order.id))).toEqual([]);
    emulator.advanceTime(DAY);
    const links = await allItems(
      client.orders.listActivationLinks(CUSTOMER, order.id, { lineItemNumber: 0 }),
    );
    expect(links).toHaveLength(1);
    expect(links[0]?.link?.uri).toContain(order.id);
  });
});

describe("listing", () => {
  it("pages with links.next, which the client follows to the end", async () => {
    const emulator = await emulatorForTest({ pageSize: 2 });
    const client = clientOf(emulator);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client.orders.create(CUSTOMER, { lineItems: [LICENCE] })).id);
    const pages: string[][] = [];
    for await (const page of client.orders.list(CUSTOMER).byPage()) pages.push(page.map((order) => order.id));
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
  });

  it("filters by billing type (any spelling), indirect reseller, and system purchases; prices on request", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const monthly = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const oneTime = await client.orders.create(CUSTOMER, { billingCycle: "one_time", lineItems: [LICENCE] });
    const resold = await client.orders.create(CUSTOMER, {
      lineItems: [{ ...LICENCE, partnerIdOnRecord: "4847383" }],
    });
    const system = emulator.addOrder(CUSTOMER, {
      lineItems: [{ offerId: "AZURE-PLAN" }],
      transactionType: "SystemPurchase",
    });
    const ids = async (options: Parameters<typeof client.orders.list>[1]) => {
      const found: string[] = [];
      for await (const order of client.orders.list(CUSTOMER, options)) found.push(order.id);
      return found;
    };
    expect(await ids({ billingType: "OneTime" })).toEqual([oneTime.id]);
    expect(await ids({ billingType: "onetime" })).toEqual([oneTime.id]);
    expect(await ids({ indirectResellerId: "4847383" })).toEqual([resold.id]);
    expect(await ids({})).toEqual([monthly.id, oneTime.id, resold.id]);
    expect(await ids({ includeSystemPurchases: true })).toContain(system.id);
    const priced = [];
    for await (const order of client.orders.list(CUSTOMER, { includePrice: true }))
      priced.push(order.totalPrice);
    expect(priced.every((price) => typeof price === "number" && price > 0)).toBe(true);
    const plain = await client.orders.get(CUSTOMER, monthly.id);
    expect(plain.totalPrice).toBeUndefined();
    expect(
      (await client.orders.get(CUSTOMER, monthly.id, { includePrice: true })).totalPrice,
    ).toBeGreaterThan(0);
  });

  it("keeps tenants apart", async () => {
    const emulator = await emulatorForTest();
    const other = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    expect((await send(emulator, "GET", `/customers/${other}/orders/${order.id}`)).status).toBe(404);
    expect(emulator.orders(other)).toEqual([]);
  });
});

describe("subscriptions and casing", () => {
  it("lists the subscriptions an order created once it is provisioned, and shows cancelled ones as deleted", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const listed = async () => {
      const found = [];
      for await (const subscription of client.orders.listSubscriptions(CUSTOMER, order.id))
        found.push(subscription);
      return found;
    };
    expect(await listed()).toEqual([]);
    emulator.advanceTime(DAY);
    const [subscription] = await listed();
    const line = emulator.orders(CUSTOMER)[0]?.lineItems?.[0];
    expect(subscription).toMatchObject({
      id: line?.subscriptionId,
      orderId: order.id,
      offerId: LICENCE.offerId,
      quantity: LICENCE.quantity,
      status: "active",
    });
    await client.orders.cancel(CUSTOMER, order.id);
    expect((await listed()).map((s) => s.status)).toEqual(["deleted"]);
    expect(emulator.violations).toEqual([]);
  });

  it("reads an order body in the SDK's PascalCase like one in camelCase", async () => {
    const emulator = await emulatorForTest();
    const body = {
      ReferenceCustomerId: CUSTOMER,
      BillingCycle: "OneTime",
      LineItems: [{ LineItemNumber: 0, OfferId: LICENCE.offerId, Quantity: 7, FriendlyName: "sdk" }],
    };
    const created = await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      billingCycle: "one_time",
      lineItems: [{ lineItemNumber: 0, offerId: LICENCE.offerId, quantity: 7, friendlyName: "sdk" }],
    });
    const id = (created.body as { id: string }).id;
    emulator.advanceTime(DAY);
    const cancelled = await send(emulator, "PATCH", `/customers/${CUSTOMER}/orders/${id}`, {
      body: { Id: id, Status: "cancelled" },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled" });
    const priced = await send(emulator, "GET", `/customers/${CUSTOMER}/orders/${id}?include_price=True`);
    expect(priced.body).toHaveProperty("totalPrice");
  });
});
