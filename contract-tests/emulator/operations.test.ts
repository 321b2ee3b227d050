/**
 * The client, the spec and the emulator agree: every operation, called through the public client
 * against the emulator, with each status the emulator produces for it. What crossed the wire is checked
 * with the contract suite's own Ajv setup (harness/assertions.ts), and errors must reach the caller as
 * PartnerCenterError with the body's fields and both ids.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PartnerCenterClient } from "../../src/index.js";
import { type Emulator, startEmulator } from "../../src/testing/index.js";
import { createResponseValidator } from "../../src/validation/index.js";
import {
  bodyOf,
  expectPartnerCenterError,
  expectRequestBodyMatchesSpec,
  expectResponseMatchesSpec,
} from "../harness/assertions.js";
import {
  type CapturedExchange,
  type CapturingClient,
  createCapturingClient,
} from "../harness/capturing-client.js";
import { allItems, settle } from "../harness/operations.js";
import { operations, validator } from "../harness/spec.js";

const CUSTOMER = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
const DAY = 24 * 60 * 60 * 1000;
const LICENCE = { offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 3, friendlyName: "Business Basic" };
const PO_FILE = {
  fileName: "po.pdf",
  content: new TextEncoder().encode("%PDF-1.7 po"),
  contentType: "application/pdf",
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ pageSize: 1 });
});
afterAll(() => emulator.close());

function capturing(): CapturingClient {
  return createCapturingClient({
    endpoint: `${emulator.url}/v1`,
    credential: "contract-test-token",
    forwardTo: (pathAndQuery) => new URL(`/v1${pathAndQuery}`, emulator.url),
    clientOptions: {
      retryOptions: { maxRetries: 0 },
      throttling: false,
      responseValidator: createResponseValidator(),
    },
  });
}

/** A provisioned order with an attachment: what the read operations work on. */
async function provisionedOrder(client: PartnerCenterClient) {
  const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
  const [attachment] = await client.orders.uploadAttachment(CUSTOMER, order.id, {
    metadata: { customerPrice: "10.00", currency: "EUR" },
    purchaseOrderFiles: PO_FILE,
  });
  emulator.advanceTime(DAY);
  return { orderId: order.id, attachmentId: attachment?.attachmentId as string };
}

type Call = (client: PartnerCenterClient, ids: { orderId: string; attachmentId: string }) => Promise<unknown>;

/** One client call per operation: the happy path. */
const calls: Record<string, Call> = {
  createOrder: (client) => client.orders.create(CUSTOMER, { lineItems: [LICENCE] }),
  listOrders: async (client) => {
    const pages = client.orders.list(CUSTOMER).byPage();
    const first = await pages.next();
    await pages.return?.();
    return first.value;
  },
  getOrder: (client, { orderId }) => client.orders.get(CUSTOMER, orderId, { includePrice: true }),
  updateOrder: (client, { orderId }) => client.orders.update(CUSTOMER, orderId, { billingCycle: "annual" }),
  getOrderProvisioningStatus: (client, { orderId }) => client.orders.getProvisioningStatus(CUSTOMER, orderId),
  listOrderLineItemActivationLinks: (client, { orderId }) =>
    allItems(client.orders.listActivationLinks(CUSTOMER, orderId, { lineItemNumber: 0 })),
  listOrderActivationLinks: (client, { orderId }) =>
    allItems(client.orders.listActivationLinks(CUSTOMER, orderId)),
  uploadOrderAttachment: (client, { orderId }) =>
    client.orders.uploadAttachment(CUSTOMER, orderId, {
      metadata: { customerPrice: "10.00", currency: "EUR" },
      purchaseOrderFiles: PO_FILE,
    }),
  listOrderAttachments: (client, { orderId }) => allItems(client.orders.listAttachments(CUSTOMER, orderId)),
  downloadOrderAttachment: async (client, { orderId, attachmentId }) => {
    const file = await client.orders.downloadAttachment(CUSTOMER, orderId, attachmentId);
    return new Uint8Array(await file.content.arrayBuffer());
  },
  listOrderSubscriptions: async (client, { orderId }) => {
    const found = [];
    for await (const subscription of client.orders.listSubscriptions(CUSTOMER, orderId))
      found.push(subscription);
    return found;
  },
};

/** The operation's exchanges in a call (setup calls of other operations are left out). */
function exchangesOf(operationId: string, captured: CapturingClient, from: number): CapturedExchange[] {
  const { method, path } = operations.find((op) => op.operationId === operationId)!;
  const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/?]+")}(\\?|$)`);
  return captured.exchanges
    .slice(from)
    .filter((x) => x.method === method.toUpperCase() && pattern.test(x.pathAndQuery));
}

async function checkExchange(operationId: string, exchange: CapturedExchange): Promise<void> {
  expectResponseMatchesSpec(
    operationId,
    validator.responseKeyFor(operationId, exchange.status) ?? "?",
    exchange,
  );
  if (exchange.requestBody !== undefined) await expectRequestBodyMatchesSpec(operationId, exchange);
}

async function expectFailure(
  operationId: string,
  captured: CapturingClient,
  from: number,
  run: Promise<unknown>,
  status: number,
): Promise<void> {
  const settled = await settle(run);
  const [exchange] = exchangesOf(operationId, captured, from);
  expect(exchange, `${operationId} sent nothing`).toBeDefined();
  expect(exchange!.status).toBe(status);
  await checkExchange(operationId, exchange!);
  expect(settled.ok).toBe(false);
  if (settled.ok) return;
  const retryAfter = exchange!.headers.get("retry-after");
  expectPartnerCenterError(settled.error, {
    statusCode: status,
    body: bodyOf(exchange!),
    requestId: exchange!.headers.get("ms-requestid") ?? "",
    correlationId: exchange!.headers.get("ms-correlationid") ?? "",
    retryAfterInSeconds: retryAfter === null ? undefined : Number(retryAfter),
  });
}

const exercised = new Map<string, Set<number>>();
function exercisedStatus(operationId: string, status: number): void {
  if (!exercised.has(operationId)) exercised.set(operationId, new Set());
  exercised.get(operationId)!.add(status);
}

describe("every operation against the emulator", () => {
  for (const { operationId } of operations) {
    describe(operationId, () => {
      it("succeeds, and the wire matches the spec both ways", async () => {
        const captured = capturing();
        const ids = await provisionedOrder(captured.client);
        const from = captured.exchanges.length;
        const call = calls[operationId];
        expect(call, `no client call mapped for ${operationId}`).toBeDefined();
        const value = await call!(captured.client, ids);
        const exchanges = exchangesOf(operationId, captured, from);
        expect(exchanges.length).toBeGreaterThan(0);
        for (const exchange of exchanges) {
          expect(exchange.status).toBeLessThan(300);
          await checkExchange(operationId, exchange);
          exercisedStatus(operationId, exchange.status);
        }
        if (operationId === "downloadOrderAttachment") expect(value).toEqual(PO_FILE.content);
        expect(emulator.violations).toEqual([]);
      });

      it("503 and 429 from injected faults reach the caller as PartnerCenterError", async () => {
        const captured = capturing();
        const ids = await provisionedOrder(captured.client);
        for (const [kind, status] of [
          ["service-unavailable", 503],
          ["throttle", 429],
        ] as const) {
          const remove = emulator.injectFault({ kind, operations: [operationId], retryAfterInSeconds: 2 });
          const from = captured.exchanges.length;
          await expectFailure(operationId, captured, from, calls[operationId]!(captured.client, ids), status);
          remove();
          exercisedStatus(operationId, status);
        }
      });

      if (
        operationId !== "createOrder" &&
        operationId !== "listOrders" &&
        operationId !== "listOrderSubscriptions"
      ) {
        it("an unknown order is a 404 with the service's code", async () => {
          const captured = capturing();
          const ids = { orderId: "000000000000", attachmentId: "000000000000" };
          await expectFailure(operationId, captured, 0, calls[operationId]!(captured.client, ids), 404);
          exercisedStatus(operationId, 404);
        });
      }
    });
  }
});

describe("the service's refusals through the client", () => {
  it("updateOrder: 409 while provisioning, 400 after the cancellation window", async () => {
    const captured = capturing();
    const order = await captured.client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    // Still provisioning: 409. Past the cancellation window: 400.
    for (const [status, before] of [
      [409, () => {}],
      [400, () => emulator.advanceTime(30 * DAY)],
    ] as const) {
      before();
      const from = captured.exchanges.length;
      await expectFailure(
        "updateOrder",
        captured,
        from,
        captured.client.orders.cancel(CUSTOMER, order.id),
        status,
      );
      exercisedStatus("updateOrder", status);
    }
  });

  it("listOrderLineItemActivationLinks: 400 for a line the order does not have", async () => {
    const captured = capturing();
    const { orderId } = await provisionedOrder(captured.client);
    const from = captured.exchanges.length;
    const run = allItems(
      captured.client.orders.listActivationLinks(CUSTOMER, orderId, { lineItemNumber: 9 }),
    );
    await expectFailure("listOrderLineItemActivationLinks", captured, from, run, 400);
    exercisedStatus("listOrderLineItemActivationLinks", 400);
  });

  it("listOrders follows links.next across pages, and each page matches the spec", async () => {
    const captured = capturing();
    const seen = [];
    for await (const order of captured.client.orders.list(CUSTOMER)) seen.push(order.id);
    const pages = exchangesOf("listOrders", captured, 0);
    expect(pages.length).toBe(seen.length);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) await checkExchange("listOrders", page);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

afterAll(() => {
  // The statuses exercised per operation, for the record (the suite fails above if any is wrong).
  const lines = [...exercised].map(([op, statuses]) => `${op}: ${[...statuses].sort().join(", ")}`);
  console.log(`emulator contract coverage:\n  ${lines.join("\n  ")}`);
});
