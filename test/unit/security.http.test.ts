import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { PartnerCenterError } from "../../src/errors.js";
import { failureOf, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, serversPerTest, TOKEN, text } from "../helpers/loopback-server.js";

const serve = serversPerTest();

function everyRendering(error: PartnerCenterError): string[] {
  return [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    inspect(error.request),
    String(error),
  ];
}

describe("the token never leaks", () => {
  it("is sent as a bearer token", async () => {
    const server = await serve((_req, res) => json(res, 200, order()));
    const { client } = testClient(server.endpoint);
    await client.orders.get(CUSTOMER_ID, "5cf72f146967");
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("is absent from an HTTP error, even when the server echoes it back", async () => {
    const server = await serve((req, res) =>
      text(res, 401, `<html>Unauthorized. You sent: ${req.headers.authorization}</html>`, "text/html"),
    );
    const { client } = testClient(server.endpoint);
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(error.statusCode).toBe(401);
    for (const rendering of everyRendering(error)) expect(rendering).not.toContain(TOKEN);
    expect(error.response?.bodyAsText).toContain("[REDACTED]");
    expect(Object.keys(error.request?.headers ?? {}).map((k) => k.toLowerCase())).not.toContain(
      "authorization",
    );
  });

  it("is absent when the server copies it into a response header", async () => {
    const server = await serve((req, res) => {
      res.writeHead(503, {
        "content-type": "application/json",
        "x-echo-authorization": String(req.headers.authorization),
      });
      res.end("{}");
    });
    const { client } = testClient(server.endpoint, { retryOptions: { maxRetries: 1 } });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    for (const rendering of [...everyRendering(error), inspect(error.response, { depth: 5 })]) {
      expect(rendering).not.toContain(TOKEN);
    }
    expect(error.response?.headers["x-echo-authorization"]).toBe("Bearer [REDACTED]");
  });

  it("is absent from network errors and their cause", async () => {
    const server = await serve((_req, res) => {
      res.socket?.destroy();
    });
    const { client } = testClient(server.endpoint, { retryOptions: { maxRetries: 0 } });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    for (const rendering of everyRendering(error)) expect(rendering).not.toContain(TOKEN);
    expect(inspect(error.cause, { depth: 10 })).not.toContain(TOKEN);
  });

  it("is absent from the client object and from debug logs", async () => {
    const server = await serve((_req, res) => json(res, 503, { code: 1, description: "busy" }));
    const lines: string[] = [];
    const logger = {
      debug: (message: string, context?: unknown) => lines.push(message, JSON.stringify(context)),
      warn: (message: string, context?: unknown) => lines.push(message, JSON.stringify(context)),
    };
    const { client } = testClient(server.endpoint, { logger, retryOptions: { maxRetries: 1 } });
    await failureOf(client.orders.get(CUSTOMER_ID, "5cf72f146967"));
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join("\n")).not.toContain(TOKEN);
    expect(lines.join("\n")).toContain("503");
    expect(inspect(client, { depth: 20, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });

  it("is not put into messages when a credential is malformed", () => {
    const secret = "abc def-secret-part";
    let message = "";
    try {
      testClient("http://127.0.0.1:1/v1", { credential: secret });
    } catch (error) {
      message = String(error) + inspect(error);
    }
    expect(message).toContain("TypeError");
    expect(message).not.toContain("secret-part");
  });
});
