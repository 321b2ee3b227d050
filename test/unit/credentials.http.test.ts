/**
 * Token acquisition as part of the call, against a real loopback server: bounded, abortable, never
 * shared into someone else's failure, failing as CREDENTIAL_ERROR without secrets, and a 401 makes
 * the next call ask for a fresh token.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { AccessToken, GetTokenOptions } from "../../src/credentials.js";
import { PartnerCenterError } from "../../src/errors.js";
import { failureOf, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, serversPerTest } from "../helpers/loopback-server.js";

const serve = serversPerTest();
const ORDER_ID = "5cf72f146967";
const HOUR = 3_600_000;

/** Rejects if `promise` has not settled within `ms`: a hang shows as a failure, not a stuck test. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms),
    ),
  ]);
}

/** A credential that answers only when told to, and honours its abort signal like @azure/identity. */
function gatedCredential() {
  const calls: { release: (token: string) => void }[] = [];
  return {
    calls,
    credential: {
      getToken: (_scopes: string | string[], options?: GetTokenOptions) =>
        new Promise<AccessToken>((resolve, reject) => {
          options?.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason));
          calls.push({ release: (token) => resolve({ token, expiresOnTimestamp: Date.now() + HOUR }) });
        }),
    },
  };
}

describe("token acquisition", () => {
  it("is bounded: a getToken that never answers ends the call with TIMEOUT, nothing sent", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint, {
      credential: () => new Promise<string>(() => {}),
      attemptTimeoutInMs: 100,
      retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
    });
    const error = await failureOf(within(3_000, client.orders.get(CUSTOMER_ID, ORDER_ID)));
    expect(error).toMatchObject({ code: "TIMEOUT", statusCode: 0 });
    expect(error.message).toContain("nothing was sent");
    expect(server.requests).toHaveLength(0);
  });

  it("drops a refresh that hung: the next call starts a new one and succeeds", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    let asked = 0;
    const { client } = testClient(server.endpoint, {
      credential: () => (++asked === 1 ? new Promise<string>(() => {}) : "fresh-token-after-a-hang"),
      attemptTimeoutInMs: 100,
      retryOptions: { maxRetries: 0 },
    });
    await expect(within(3_000, client.orders.get(CUSTOMER_ID, ORDER_ID))).rejects.toMatchObject({
      code: "TIMEOUT",
    });
    await expect(within(3_000, client.orders.get(CUSTOMER_ID, ORDER_ID))).resolves.toMatchObject({
      id: ORDER_ID,
    });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer fresh-token-after-a-hang");
  });

  it("drops a failed refresh: the next call asks again", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    let asked = 0;
    const { client } = testClient(server.endpoint, {
      credential: () => {
        if (++asked === 1) throw new Error("identity service down");
        return "second-token-value";
      },
    });
    await expect(client.orders.get(CUSTOMER_ID, ORDER_ID)).rejects.toMatchObject({
      code: "CREDENTIAL_ERROR",
    });
    await expect(client.orders.get(CUSTOMER_ID, ORDER_ID)).resolves.toMatchObject({ id: ORDER_ID });
  });

  it("is abortable, and one caller's abort never fails another caller sharing the refresh", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const gate = gatedCredential();
    const { client } = testClient(server.endpoint, { credential: gate.credential });
    const controller = new AbortController();
    const impatient = client.orders.get(CUSTOMER_ID, ORDER_ID, { abortSignal: controller.signal });
    const patient = client.orders.get(CUSTOMER_ID, ORDER_ID);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error("the impatient caller gave up"));
    const aborted = await failureOf(within(1_000, impatient));
    expect(aborted).toMatchObject({ name: "AbortError", code: "ABORTED" });
    expect((aborted.cause as Error).message).toBe("the impatient caller gave up");
    for (const call of gate.calls) call.release("token-for-the-patient-one");
    await expect(within(3_000, patient)).resolves.toMatchObject({ id: ORDER_ID });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-for-the-patient-one"]);
  });

  it("turns a credential failure into CREDENTIAL_ERROR that keeps nothing the credential said", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const secret = "client_secret=Sup3rS3cretV4lue";
    const { client } = testClient(server.endpoint, {
      credential: {
        getToken: async () => {
          throw new Error(`AADSTS7000215: invalid ${secret}`, { cause: new Error(secret) });
        },
      },
    });
    const error = await failureOf(
      client.orders.create(CUSTOMER_ID, { lineItems: [{ offerId: "A", quantity: 1 }] }),
    );
    expect(error).toMatchObject({ code: PartnerCenterError.CREDENTIAL_ERROR, statusCode: 0 });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const views = [
      error.message,
      String(error.stack),
      JSON.stringify(error),
      inspect(error, { depth: Number.POSITIVE_INFINITY }),
      inspect(error, { depth: Number.POSITIVE_INFINITY, customInspect: false }),
    ];
    for (const view of views) expect(view).not.toContain("Sup3rS3cret");
    expect(error.cause).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it("drops the cached token on a 401, so the next call asks the credential again", async () => {
    const server = await serve((_req, res, index) =>
      index === 0 ? json(res, 401, { code: 900316, description: "Invalid token." }) : json(res, 200, order()),
    );
    let issued = 0;
    const { client } = testClient(server.endpoint, {
      credential: {
        getToken: async () => ({ token: `token-number-${++issued}`, expiresOnTimestamp: Date.now() + HOUR }),
      },
    });
    await expect(client.orders.get(CUSTOMER_ID, ORDER_ID)).rejects.toMatchObject({ statusCode: 401 });
    await client.orders.get(CUSTOMER_ID, ORDER_ID);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer token-number-1",
      "Bearer token-number-2",
    ]);
  });
});
