// Faults on demand: each kind, by nth request or seeded rate, in bursts, per operation.
import { describe, expect, it } from "vitest";
import { isPartnerCenterError } from "../../src/index.js";
import { CUSTOMER, clientOf, emulatorForTest, LICENCE, newOrderBody, send } from "./helpers.js";

const ORDERS = `/customers/${CUSTOMER}/orders`;

describe("faults", () => {
  it("drop-after-commit: the order exists, the answer never comes; a replay returns it", async () => {
    const emulator = await emulatorForTest({
      faults: [{ kind: "drop-after-commit", operations: ["createOrder"], times: 1 }],
    });
    const headers = { "MS-RequestId": crypto.randomUUID() };
    await expect(send(emulator, "POST", ORDERS, { body: newOrderBody(), headers })).rejects.toThrow();
    const held = emulator.orders(CUSTOMER);
    expect(held).toHaveLength(1);
    const replay = await send(emulator, "POST", ORDERS, { body: newOrderBody(), headers });
    expect(replay.status).toBe(201);
    expect((replay.body as { id: string }).id).toBe(held[0]?.id);
    expect(emulator.orders(CUSTOMER)).toHaveLength(1);
  });

  it("service-unavailable in bursts: 503 with Retry-After, nothing carried out", async () => {
    const emulator = await emulatorForTest({
      faults: [{ kind: "service-unavailable", operations: ["createOrder"], everyNth: 1, burst: 2, times: 1 }],
    });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await send(emulator, "POST", ORDERS, { body: newOrderBody() }));
    expect(answers.map((a) => a.status)).toEqual([503, 503, 201]);
    expect(answers[0]?.headers.get("retry-after")).toBe("1");
    expect(answers[0]?.body).toMatchObject({ code: 800003 });
    expect(emulator.orders(CUSTOMER)).toHaveLength(1);
  });

  it("throttle storms: 429 on every nth request of the named operation only", async () => {
    const emulator = await emulatorForTest({
      faults: [{ kind: "throttle", operations: ["listOrders"], everyNth: 2, retryAfterInSeconds: 7 }],
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(emulator, "GET", ORDERS)).status);
    expect(statuses).toEqual([200, 429, 200, 429]);
    const storm = await send(emulator, "GET", ORDERS);
    const hit = await send(emulator, "GET", ORDERS);
    expect([storm.status, hit.status]).toEqual([200, 429]);
    expect(hit.headers.get("retry-after")).toBe("7");
    expect((await send(emulator, "GET", `${ORDERS}/nope`)).status).toBe(404); // getOrder is not named
  });

  it("slow: the answer is held back after the order is committed, so a client timeout loses it", async () => {
    const emulator = await emulatorForTest({
      faults: [{ kind: "slow", operations: ["createOrder"], delayInMs: 10_000, times: 1 }],
    });
    const client = clientOf(emulator, { retryOptions: { maxRetries: 0 } });
    const error = await client.orders
      .create(CUSTOMER, { lineItems: [LICENCE] }, { timeoutInMs: 1_500 })
      .catch((e: unknown) => e);
    expect(isPartnerCenterError(error)).toBe(true);
    await expect.poll(() => emulator.orders(CUSTOMER).length).toBe(1);
    // Retried with the same MS-RequestId (what the error tells the caller to do): the same order.
    const requestId = isPartnerCenterError(error) ? error.requestId : undefined;
    const again = await client.orders.create(CUSTOMER, { lineItems: [LICENCE] }, { requestId });
    expect(again.id).toBe(emulator.orders(CUSTOMER)[0]?.id);
  });

  it("rates are seeded: the same seed hits the same requests", async () => {
    const pattern = async (seed: number) => {
      const emulator = await emulatorForTest({ seed, faults: [{ kind: "service-unavailable", rate: 0.5 }] });
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await send(emulator, "GET", ORDERS)).status);
      return statuses;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it("can be injected and removed while running", async () => {
    const emulator = await emulatorForTest();
    const remove = emulator.injectFault({ kind: "service-unavailable" });
    expect((await send(emulator, "GET", ORDERS)).status).toBe(503);
    remove();
    expect((await send(emulator, "GET", ORDERS)).status).toBe(200);
    emulator.injectFault({ kind: "throttle" });
    emulator.clearFaults();
    expect((await send(emulator, "GET", ORDERS)).status).toBe(200);
  });

  it("refuses a rule it does not understand", async () => {
    const emulator = await emulatorForTest();
    expect(() => emulator.injectFault({ kind: "explode" as never })).toThrow(TypeError);
    expect(() => emulator.injectFault({ kind: "slow", rate: 2 })).toThrow(/rate/);
  });
});
