/**
 * Live mode: the same contract checks against a real server (an integration sandbox), through the
 * public client with its default retry and throttling. Every raw response must validate under ajv
 * against the status it came with.
 *
 *   CONTRACT_BASE_URL     API root, e.g. https://api.partnercenter.microsoft.com/v1
 *   CONTRACT_TOKEN        a bearer token for it
 *   CONTRACT_CUSTOMER_ID  a customer of the partner (read-only tests)
 *   CONTRACT_ALLOW_WRITES=1 and CONTRACT_OFFER_ID   also create (and try to cancel) one order: buys!
 *
 * Without them the tests are skipped (and reported as skipped), never passed.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { isPartnerCenterError, type Order } from "../../src/index.js";
import { bodyOf } from "../harness/assertions.js";
import {
  type CapturedExchange,
  type CapturingClient,
  createCapturingClient,
} from "../harness/capturing-client.js";
import { createCoverageRecorder } from "../harness/coverage.js";
import { allItems, settle } from "../harness/operations.js";
import { validator } from "../harness/spec.js";

const baseUrl = process.env.CONTRACT_BASE_URL;
const token = process.env.CONTRACT_TOKEN;
const customerId = process.env.CONTRACT_CUSTOMER_ID;
const offerId = process.env.CONTRACT_OFFER_ID;
const writesAllowed = process.env.CONTRACT_ALLOW_WRITES === "1";

const live = Boolean(baseUrl && token);
if (!live) console.log("live mode skipped: set CONTRACT_BASE_URL and CONTRACT_TOKEN");
else if (!customerId) console.log("live read-only tests skipped: set CONTRACT_CUSTOMER_ID");
else if (!writesAllowed)
  console.log("live write tests skipped: set CONTRACT_ALLOW_WRITES=1 (integration sandboxes only)");
else if (!offerId)
  console.log("live write tests skipped: set CONTRACT_OFFER_ID (the offer to buy one licence of)");

const coverage = createCoverageRecorder(import.meta.url);
afterAll(() => coverage.flush());

function liveClient(): CapturingClient {
  const root = String(baseUrl).replace(/\/+$/, "");
  return createCapturingClient({
    endpoint: root,
    credential: String(token),
    forwardTo: (pathAndQuery) => new URL(`${root}${pathAndQuery}`),
  });
}

/** Each raw response validates against the declared response for the status it came with. */
function expectConforms(operationId: string, exchanges: CapturedExchange[]): void {
  expect(exchanges.length).toBeGreaterThan(0);
  for (const exchange of exchanges) {
    const key = validator.responseKeyFor(operationId, exchange.status);
    expect(key, `${operationId} answered ${exchange.status}, which it does not declare`).toBeDefined();
    const verdict = validator.validateResponse(
      operationId,
      exchange.status,
      bodyOf(exchange),
      exchange.contentType,
    );
    expect(verdict.errors, `${operationId} ${exchange.status} ${exchange.pathAndQuery}`).toEqual([]);
    coverage.record({
      operationId,
      status: key ?? String(exchange.status),
      via: "live",
      sentStatus: exchange.status,
    });
  }
}

/** A call the token may not be allowed to make: success or a declared error, either way valid. */
async function expectAnswerConforms(operationId: string, run: (c: CapturingClient) => Promise<unknown>) {
  const capturing = liveClient();
  const settled = await settle(run(capturing));
  if (!settled.ok && !(isPartnerCenterError(settled.error) && settled.error.statusCode > 0))
    throw settled.error;
  expectConforms(operationId, capturing.exchanges);
  return settled;
}

describe.skipIf(!live || !customerId)("live, read-only", () => {
  const customer = String(customerId);
  let firstOrder: Order | undefined;

  it("listOrders: the first page validates and parses", async () => {
    const capturing = liveClient();
    const pages = capturing.client.orders.list(customer).byPage();
    const first = await pages.next();
    await pages.return?.();
    expect(first.done).toBe(false);
    expectConforms("listOrders", capturing.exchanges);
    firstOrder = first.done ? undefined : first.value[0];
  });

  it("getOrder: an order of the customer, and an order that does not exist (404)", async () => {
    if (firstOrder !== undefined) {
      const capturing = liveClient();
      const order = await capturing.client.orders.get(customer, firstOrder.id, { includePrice: true });
      expect(order.id).toBe(firstOrder.id);
      expectConforms("getOrder", capturing.exchanges);
    }
    const missing = liveClient();
    const settled = await settle(missing.client.orders.get(customer, "000000000000"));
    expect(settled.ok).toBe(false);
    expect(isPartnerCenterError(settled.ok ? undefined : settled.error)).toBe(true);
    expectConforms("getOrder", missing.exchanges);
  });

  it("getOrderProvisioningStatus, activation links and attachments of the first order", async (context) => {
    if (firstOrder === undefined) {
      context.skip("the customer has no order to read");
      return;
    }
    const id = firstOrder.id;
    await expectAnswerConforms("getOrderProvisioningStatus", (c) =>
      c.client.orders.getProvisioningStatus(customer, id),
    );
    await expectAnswerConforms("listOrderActivationLinks", (c) =>
      allItems(c.client.orders.listActivationLinks(customer, id)),
    );
    await expectAnswerConforms("listOrderLineItemActivationLinks", (c) =>
      allItems(c.client.orders.listActivationLinks(customer, id, { lineItemNumber: 0 })),
    );
    await expectAnswerConforms("listOrderAttachments", (c) =>
      allItems(c.client.orders.listAttachments(customer, id)),
    );
  });
});

describe.skipIf(!live || !customerId || !writesAllowed || !offerId)(
  "live writes (integration sandbox only)",
  () => {
    it("createOrder buys one licence, getOrder reads it back, cancel is answered as declared", async () => {
      const customer = String(customerId);
      const capturing = liveClient();
      const requestId = randomUUID();
      const order = await capturing.client.orders.create(
        customer,
        { lineItems: [{ offerId: String(offerId), quantity: 1 }] },
        { requestId },
      );
      expect(order.id).toBeTruthy();
      expectConforms("createOrder", capturing.exchanges);
      expect(capturing.exchanges.every((e) => e.requestHeaders.get("MS-RequestId") === requestId)).toBe(true);

      const read = liveClient();
      await read.client.orders.get(customer, order.id);
      expectConforms("getOrder", read.exchanges);

      // Only some purchases can be cancelled; a refusal is fine if it is a declared, valid answer.
      await expectAnswerConforms("updateOrder", (c) => c.client.orders.cancel(customer, order.id));
    });
  },
);
