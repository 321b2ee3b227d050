// The service's refusals, with its error body and the codes of the published table. Sent raw: the typed
// client refuses most of these before sending anything.
import { describe, expect, it } from "vitest";
import { CUSTOMER, emulatorForTest, LICENCE, newOrderBody, send } from "./helpers.js";

const ORDERS = `/customers/${CUSTOMER}/orders`;

function expectServiceError(answer: { status: number; body: unknown }, status: number, code: number) {
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ code, source: "PartnerFD", data: expect.any(Array) });
  expect(typeof (answer.body as { description?: unknown }).description).toBe("string");
}

describe("refusals", () => {
  it("a customer id that is not a GUID → 400, code 2000", async () => {
    const emulator = await emulatorForTest();
    const answer = await send(emulator, "POST", "/customers/contoso/orders", { body: newOrderBody() });
    expectServiceError(answer, 400, 2000);
    expect(answer.body).toMatchObject({ description: "Tenant Id must be a GUID." });
  });

  it("an order without line items → 400, code 2000", async () => {
    const emulator = await emulatorForTest();
    expectServiceError(await send(emulator, "POST", ORDERS, { body: { lineItems: [] } }), 400, 2000);
    expectServiceError(await send(emulator, "POST", ORDERS, { body: {} }), 400, 2000);
    expect(emulator.orders(CUSTOMER)).toEqual([]);
  });

  it("parentSubscriptionId on create → 400, code 2000", async () => {
    const emulator = await emulatorForTest();
    const body = {
      lineItems: [{ lineItemNumber: 0, ...LICENCE, parentSubscriptionId: crypto.randomUUID() }],
    };
    const answer = await send(emulator, "POST", ORDERS, { body });
    expectServiceError(answer, 400, 2000);
    expect(answer.body).toMatchObject({
      description: "ParentSubscriptionId is not supported for this request.",
    });
  });

  it("a status that is not an OrderStatus → 400, code 0 (create and update)", async () => {
    const emulator = await emulatorForTest();
    const created = await send(emulator, "POST", ORDERS, { body: { ...newOrderBody(), status: "none" } });
    expectServiceError(created, 400, 0);
    expect(created.body).toMatchObject({
      description: "The provided value 'none' is not a valid OrderStatus.",
    });
    const order = (await send(emulator, "POST", ORDERS, { body: newOrderBody() })).body as { id: string };
    expectServiceError(
      await send(emulator, "PATCH", `${ORDERS}/${order.id}`, { body: { status: "closed" } }),
      400,
      0,
    );
  });

  it("line item numbers that are not 0…count-1 → 400, code 800071", async () => {
    const emulator = await emulatorForTest();
    const body = { lineItems: [{ lineItemNumber: 3, ...LICENCE }] };
    expectServiceError(await send(emulator, "POST", ORDERS, { body }), 400, 800071);
  });

  it("an unknown order → 404 with its code (20000; 800007 for provisioning)", async () => {
    const emulator = await emulatorForTest();
    expectServiceError(await send(emulator, "GET", `${ORDERS}/5cf72f146967`), 404, 20000);
    expectServiceError(
      await send(emulator, "PATCH", `${ORDERS}/5cf72f146967`, { body: { status: "cancelled" } }),
      404,
      20000,
    );
    expectServiceError(await send(emulator, "GET", `${ORDERS}/5cf72f146967/provisioningstatus`), 404, 800007);
    expectServiceError(await send(emulator, "GET", `${ORDERS}/5cf72f146967/attachments`), 404, 20000);
  });

  it("no bearer token → 401, code 800001", async () => {
    const emulator = await emulatorForTest();
    expectServiceError(await send(emulator, "GET", ORDERS, { token: null }), 401, 800001);
  });

  it("a body the spec does not allow → 400, code 800002 naming the problem", async () => {
    const emulator = await emulatorForTest();
    const body = { lineItems: [{ lineItemNumber: 0, offerId: "X", quantity: "five" }] };
    const answer = await send(emulator, "POST", ORDERS, { body });
    expectServiceError(answer, 400, 800002);
    expect(JSON.stringify(answer.body)).toContain("quantity");
    expectServiceError(await send(emulator, "POST", ORDERS, { body: "{not json" }), 400, 800002);
    expectServiceError(await send(emulator, "GET", `${ORDERS}?include_price=maybe`), 400, 800002);
  });

  it("answers every refusal with a body the spec allows, and records no violation", async () => {
    const emulator = await emulatorForTest();
    await send(emulator, "POST", ORDERS, { body: { lineItems: [] } });
    await send(emulator, "GET", `${ORDERS}/nope`);
    expect(emulator.requests.map((r) => r.status)).toEqual([400, 404]);
    expect(emulator.violations).toEqual([]);
  });

  it("an unknown path → 404, an undeclared method → 405", async () => {
    const emulator = await emulatorForTest();
    expect((await send(emulator, "GET", "/customers")).status).toBe(404);
    expect((await send(emulator, "DELETE", ORDERS)).status).toBe(405);
  });
});
