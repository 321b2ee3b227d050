// A create commits once per MS-RequestId: a replay answers the original 201 and buys nothing more.
import { describe, expect, it } from "vitest";
import { CUSTOMER, clientOf, emulatorForTest, LICENCE, newOrderBody, send } from "./helpers.js";

describe("MS-RequestId replay", () => {
  it("answers a replayed create with the original 201 and keeps one order", async () => {
    const emulator = await emulatorForTest();
    const requestId = crypto.randomUUID();
    const headers = { "MS-RequestId": requestId };
    const first = await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, {
      body: newOrderBody(),
      headers,
    });
    const replay = await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, {
      body: newOrderBody(),
      headers,
    });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("ms-requestid")).toBe(requestId);
    expect(emulator.orders(CUSTOMER)).toHaveLength(1);
  });

  it("creates a new order for a new MS-RequestId", async () => {
    const emulator = await emulatorForTest();
    const client = clientOf(emulator);
    const one = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const two = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] });
    expect(one.id).not.toBe(two.id);
    expect(emulator.orders(CUSTOMER).map((order) => order.id)).toEqual([one.id, two.id]);
  });

  it("does not remember a refused create: the same id may try again", async () => {
    const emulator = await emulatorForTest();
    const headers = { "MS-RequestId": crypto.randomUUID() };
    const refused = await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, {
      body: { lineItems: [] },
      headers,
    });
    const accepted = await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, {
      body: newOrderBody(),
      headers,
    });
    expect(refused.status).toBe(400);
    expect(accepted.status).toBe(201);
    expect(emulator.orders(CUSTOMER)).toHaveLength(1);
  });

  it("lets the client survive a lost answer without buying twice", async () => {
    const emulator = await emulatorForTest({
      faults: [{ kind: "drop-after-commit", operations: ["createOrder"], times: 1 }],
    });
    const order = await clientOf(emulator).orders.create(CUSTOMER, { lineItems: [LICENCE] });
    const creates = emulator.requests.filter((request) => request.operationId === "createOrder");
    expect(creates).toHaveLength(2);
    expect(creates[0]?.status).toBeUndefined(); // the connection was cut
    expect(creates[1]?.headers["ms-requestid"]).toBe(creates[0]?.headers["ms-requestid"]);
    expect(emulator.orders(CUSTOMER).map((held) => held.id)).toEqual([order.id]);
  });

  it("keeps replays per tenant", async () => {
    const emulator = await emulatorForTest();
    const headers = { "MS-RequestId": crypto.randomUUID() };
    const other = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, { body: newOrderBody(), headers });
    await send(emulator, "POST", `/customers/${other}/orders`, { body: newOrderBody(), headers });
    expect(emulator.orders(CUSTOMER)).toHaveLength(1);
    expect(emulator.orders(other)).toHaveLength(1);
  });
});
