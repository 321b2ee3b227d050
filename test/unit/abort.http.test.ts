import { describe, expect, it } from "vitest";
import { isPartnerCenterError } from "../../src/errors.js";
import { testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, serversPerTest } from "../helpers/loopback-server.js";

const serve = serversPerTest();

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("aborts and call timeouts", () => {
  // Changed: an abort used to reject with the bare reason; it is now a PartnerCenterError named
  // "AbortError" (code ABORTED) carrying the requestId, with the caller's reason as `cause`.
  it("rejects with an AbortError carrying the requestId, the reason as cause, while the request is in flight", async () => {
    const server = await serve(() => {
      // never answers
    });
    const { client } = testClient(server.endpoint);
    const controller = new AbortController();
    const pending = client.orders.get(CUSTOMER_ID, "5cf72f146967", { abortSignal: controller.signal });
    await until(() => server.requests.length === 1);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isPartnerCenterError(error)).toBe(true);
    expect(error).toMatchObject({ name: "AbortError", code: "ABORTED", statusCode: 0 });
    expect((error as Error).cause).toBeInstanceOf(DOMException);
    expect(((error as Error).cause as DOMException).name).toBe("AbortError");
    expect((error as { requestId: string }).requestId).toBe(server.requests[0]?.headers["ms-requestid"]);
  });

  it("keeps a custom reason given to abort() as the cause", async () => {
    const server = await serve(() => {});
    const { client } = testClient(server.endpoint);
    const controller = new AbortController();
    const reason = new Error("user pressed cancel");
    const pending = client.orders.get(CUSTOMER_ID, "5cf72f146967", { abortSignal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AbortError", code: "ABORTED" });
    expect((error as Error).cause).toBe(reason);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint);
    await expect(
      client.orders.get(CUSTOMER_ID, "5cf72f146967", { abortSignal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(0);
  });

  it("aborts a retry wait", async () => {
    const server = await serve((_req, res) => json(res, 503, {}, { "Retry-After": "30" }));
    const controller = new AbortController();
    const { client } = testClient(server.endpoint, {
      clock: {
        now: () => Date.now(),
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener("abort", () => reject(signal.reason));
            controller.abort();
          }),
      },
    });
    await expect(
      client.orders.get(CUSTOMER_ID, "5cf72f146967", { abortSignal: controller.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(server.requests).toHaveLength(1);
  });

  it("timeoutInMs bounds the whole call and reports TIMEOUT with the request id", async () => {
    const server = await serve(() => {});
    const { client } = testClient(server.endpoint);
    const requestId = "57870501-203b-468e-8a63-078a3826d8ec";
    const error = await client.orders
      .create(CUSTOMER_ID, { lineItems: [{ offerId: "A", quantity: 1 }] }, { timeoutInMs: 200, requestId })
      .catch((e: unknown) => e);
    expect(isPartnerCenterError(error)).toBe(true);
    expect(error).toMatchObject({ code: "TIMEOUT", statusCode: 0, requestId });
  });
});
