// Above requestsPerMinute per tenant: 429 with Retry-After and the documented throttling body.
import { describe, expect, it } from "vitest";
import { isPartnerCenterError } from "../../src/index.js";
import { CUSTOMER, clientOf, emulatorForTest, OTHER_CUSTOMER, send } from "./helpers.js";

describe("throttling", () => {
  it("answers 429 with Retry-After once a tenant has used its requests for the minute", async () => {
    const emulator = await emulatorForTest({ requestsPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await send(emulator, "GET", `/customers/${CUSTOMER}/orders`)).status);
    const throttled = await send(emulator, "GET", `/customers/${CUSTOMER}/orders`);
    expect(statuses).toEqual([200, 200, 200]);
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(throttled.body).toEqual({
      statusCode: 429,
      message: `Rate limit is exceeded. Try again in ${retryAfter} seconds.`,
    });
    expect(emulator.violations).toEqual([]);
  });

  it("counts per tenant", async () => {
    const emulator = await emulatorForTest({ requestsPerMinute: 1 });
    expect((await send(emulator, "GET", `/customers/${CUSTOMER}/orders`)).status).toBe(200);
    expect((await send(emulator, "GET", `/customers/${CUSTOMER}/orders`)).status).toBe(429);
    expect((await send(emulator, "GET", `/customers/${OTHER_CUSTOMER}/orders`)).status).toBe(200);
  });

  it("reaches the client as a PartnerCenterError with retryAfterInMs", async () => {
    const emulator = await emulatorForTest({ requestsPerMinute: 1 });
    const client = clientOf(emulator, { retryOptions: { maxRetries: 0 } });
    await client.orders.getProvisioningStatus(CUSTOMER, "5cf72f146967").catch(() => undefined);
    const error = await client.orders.get(CUSTOMER, "5cf72f146967").catch((e: unknown) => e);
    expect(isPartnerCenterError(error) && error.statusCode).toBe(429);
    expect(isPartnerCenterError(error) && error.retryAfterInMs).toBeGreaterThanOrEqual(1000);
  });
});
