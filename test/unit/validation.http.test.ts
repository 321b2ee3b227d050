import { describe, expect, it } from "vitest";
import { createResponseValidator, ValidatingPartnerCenterClient } from "../../src/validation/index.js";
import { CUSTOMER_ID, json, order, serversPerTest, TOKEN } from "../helpers/loopback-server.js";

const serve = serversPerTest();

function validatingClient(endpoint: string, extra: Record<string, unknown> = {}) {
  return new ValidatingPartnerCenterClient({
    credential: TOKEN,
    endpoint,
    throttling: false,
    ...extra,
  });
}

describe("partner-center-orders/validation", () => {
  it("accepts a body that matches the spec", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    await expect(
      validatingClient(server.endpoint).orders.get(CUSTOMER_ID, "5cf72f146967"),
    ).resolves.toMatchObject({
      id: "5cf72f146967",
    });
  });

  it("throws RESPONSE_VALIDATION_ERROR for a body that does not", async () => {
    const server = await serve((_req, res) => json(res, 200, { ...order(), id: 42, lineItems: "none" }));
    const error = await validatingClient(server.endpoint)
      .orders.get(CUSTOMER_ID, "5cf72f146967")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "PartnerCenterError",
      code: "RESPONSE_VALIDATION_ERROR",
      statusCode: 200,
    });
    expect((error as { data: string[] }).data.length).toBeGreaterThan(0);
  });

  it("only warns when asked to", async () => {
    const server = await serve((_req, res) => json(res, 200, { ...order(), id: 42 }));
    const warnings: string[] = [];
    const client = validatingClient(server.endpoint, {
      onInvalidResponse: "warn",
      logger: { warn: (message: string) => warnings.push(message) },
    });
    await expect(client.orders.get(CUSTOMER_ID, "5cf72f146967")).resolves.toMatchObject({ id: 42 });
    expect(warnings.join()).toContain("getOrder");
  });

  it("can be switched off", async () => {
    const server = await serve((_req, res) => json(res, 200, { ...order(), id: 42 }));
    const client = validatingClient(server.endpoint, { validateResponses: false });
    await expect(client.orders.get(CUSTOMER_ID, "5cf72f146967")).resolves.toMatchObject({ id: 42 });
  });

  it("exposes a validator for the core client's responseValidator option", () => {
    const validator = createResponseValidator();
    expect(validator.validateResponse("getOrder", 200, order()).valid).toBe(true);
    expect(validator.validateResponse("getOrder", 200, { id: 1 }).valid).toBe(false);
  });
});
