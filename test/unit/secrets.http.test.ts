/**
 * The token in no field of any error or log line, when a gateway echoes it back: in a 2xx page that
 * is not JSON, in a 2xx JSON body that fails validation, in an error body and in a header.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isPartnerCenterError, type PartnerCenterError } from "../../src/errors.js";
import { failureOf, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, type RecordedRequest, serversPerTest, TOKEN } from "../helpers/loopback-server.js";

const serve = serversPerTest();
const NEW_ORDER = { lineItems: [{ offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 1 }] };

/** Every way an error can be looked at, down the whole `cause` chain. */
function views(error: unknown): string[] {
  const seen: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    seen.push(
      String(current),
      current instanceof Error ? String(current.stack) : "",
      JSON.stringify(current) ?? "",
      inspect(current, { depth: Number.POSITIVE_INFINITY }),
      inspect(current, { depth: Number.POSITIVE_INFINITY, customInspect: false, showHidden: true }),
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  if (isPartnerCenterError(error)) {
    seen.push(
      error.response?.bodyAsText ?? "",
      JSON.stringify(error.details) ?? "",
      JSON.stringify(error.data) ?? "",
    );
  }
  return seen;
}

function echo(request: RecordedRequest): string {
  return String(request.headers.authorization);
}

const lines: string[] = [];
const logger = {
  debug: (message: string, context?: Record<string, unknown>) => lines.push(message, JSON.stringify(context)),
  warn: (message: string, context?: Record<string, unknown>) => lines.push(message, JSON.stringify(context)),
};

const CASES: [string, (request: RecordedRequest, res: import("node:http").ServerResponse) => void][] = [
  [
    "a 2xx HTML page echoing the request",
    (request, res) => {
      res.writeHead(201, { "content-type": "text/html" });
      res.end(`<html><body>Signed in with ${echo(request)}</body></html>`);
    },
  ],
  [
    "a 2xx plain-text body that is only the header",
    (request, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(echo(request));
    },
  ],
  [
    "a 2xx JSON body that fails validation",
    (request, res) => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: 42, echoed: echo(request), lineItems: "nope" }));
    },
  ],
  [
    "a 400 error body quoting the header",
    (request, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ code: 900316, description: `Invalid ${echo(request)}`, data: [echo(request)] }),
      );
    },
  ],
  [
    "a 502 page and a header echoing the token",
    (request, res) => {
      res.writeHead(502, { "content-type": "text/html", "x-echo": echo(request) });
      res.end(`<pre>${echo(request)}</pre>`);
    },
  ],
];

describe("the token appears in no error or log line", () => {
  it.each(CASES)("%s", async (_name, answer) => {
    const server = await serve((request, res) => answer(request, res));
    const { client } = testClient(server.endpoint, {
      logger,
      retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
      responseValidator: {
        validateResponse: (_operationId, _status, body) => ({
          valid: false,
          errors: [`unexpected body ${JSON.stringify(body)}`],
        }),
      },
    });
    const error: PartnerCenterError = await failureOf(client.orders.create(CUSTOMER_ID, NEW_ORDER));
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    for (const view of views(error)) expect(view).not.toContain(TOKEN);
    for (const line of lines) expect(line).not.toContain(TOKEN);
    expect(error.requestId).toBe(server.requests[0]?.headers["ms-requestid"]);
  });

  it("nor in what client.raw hands out", async () => {
    const server = await serve((request, res) => {
      res.writeHead(400, { "content-type": "text/plain", "x-echo": echo(request) });
      res.end(echo(request));
    });
    const { client } = testClient(server.endpoint);
    const { error, response } = await client.raw.GET("/customers/{customerId}/orders", {
      params: { path: { customerId: CUSTOMER_ID } },
    });
    expect(String(error)).not.toContain(TOKEN);
    expect(response.headers.get("x-echo")).not.toContain(TOKEN);
  });
});
