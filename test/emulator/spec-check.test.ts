// The emulator cannot drift from the spec: an answer that does not match generated/openapi.json is
// replaced by a loud 500 and recorded. The tamper hook (internal, not exported) breaks answers on purpose.
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulatorWithTamper } from "../../src/testing/emulator.js";
import type { EmulatorViolation } from "../../src/testing/index.js";
import { CUSTOMER, clientOf, LICENCE, newOrderBody, send } from "./helpers.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("spec check of every answer", () => {
  it("catches an order whose id is a number, answers 500 and records the violation", async () => {
    const reported: EmulatorViolation[] = [];
    emulator = await startEmulatorWithTamper(
      { onViolation: (v) => reported.push(v) },
      (operationId, answer) =>
        operationId === "createOrder" ? { ...answer, body: { ...(answer.body as object), id: 42 } } : answer,
    );
    const answer = await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, { body: newOrderBody() });
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ code: 800003, source: "partner-center-orders-emulator" });
    expect(JSON.stringify(answer.body)).toContain("/id");
    expect(emulator.violations).toHaveLength(1);
    expect(emulator.violations[0]).toMatchObject({ operationId: "createOrder", status: 201, method: "POST" });
    expect(emulator.violations[0]?.errors.join()).toMatch(/\/id must be string/);
    expect(reported).toEqual(emulator.violations);
  });

  it("catches an error body without its code, and a missing required header", async () => {
    emulator = await startEmulatorWithTamper({ onViolation: () => {} }, (operationId, answer) => {
      if (operationId === "getOrder") return { ...answer, body: { description: "no code" } };
      if (operationId === "listOrders") return { status: 429, body: { statusCode: 429 } }; // no Retry-After
      return answer;
    });
    await send(emulator, "GET", `/customers/${CUSTOMER}/orders/abc`);
    await send(emulator, "GET", `/customers/${CUSTOMER}/orders`);
    expect(emulator.violations.map((v) => v.errors.join())).toEqual([
      expect.stringContaining("must have required property 'code'"),
      expect.stringContaining("Retry-After"),
    ]);
  });

  it("catches a file answered as JSON", async () => {
    emulator = await startEmulatorWithTamper({ onViolation: () => {} }, (operationId, answer) =>
      operationId === "listOrderAttachments" ? { ...answer, contentType: "text/plain", body: "x" } : answer,
    );
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    await send(emulator, "GET", `/customers/${CUSTOMER}/orders/${order.id}/attachments`);
    expect(emulator.violations).toHaveLength(1);
  });

  it("records no violation for a whole session of ordinary use", async () => {
    emulator = await startEmulatorWithTamper({ timeScale: 1000 }, undefined);
    const client = clientOf(emulator);
    const order = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    await client.orders.get(CUSTOMER, order.id, { includePrice: true });
    await client.orders.waitUntilProvisioned(CUSTOMER, order.id, { pollIntervalInMs: 10 });
    await client.orders.listActivationLinks(CUSTOMER, order.id);
    await client.orders.cancel(CUSTOMER, order.id);
    for await (const _ of client.orders.list(CUSTOMER, { includePrice: true })) {
      // every page is checked on the way out
    }
    expect(emulator.requests.every((r) => r.status !== undefined && r.status < 400)).toBe(true);
    expect(emulator.violations).toEqual([]);
  });
});

describe("what the emulator records", () => {
  it("keeps requests without the token", async () => {
    emulator = await startEmulatorWithTamper({}, undefined);
    await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, {
      body: newOrderBody(),
      token: "s3cret-token",
    });
    const [request] = emulator.requests;
    expect(request).toMatchObject({
      method: "POST",
      operationId: "createOrder",
      status: 201,
      body: newOrderBody(),
    });
    expect(request?.path).toBe(`/v1/customers/${CUSTOMER}/orders`);
    expect(JSON.stringify(emulator.requests)).not.toContain("s3cret-token");
    expect(request?.headers.authorization).toBeUndefined();
  });

  it("hands out copies: changing them changes nothing held", async () => {
    emulator = await startEmulatorWithTamper({}, undefined);
    await clientOf(emulator).orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const copy = emulator.orders(CUSTOMER);
    (copy[0] as { status: string }).status = "cancelled";
    copy[0]?.lineItems?.splice(0);
    expect(emulator.orders(CUSTOMER)[0]).toMatchObject({
      status: "pending",
      lineItems: [{ offerId: LICENCE.offerId }],
    });
  });
});
