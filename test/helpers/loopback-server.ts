/**
 * A real HTTP server on 127.0.0.1 for the unit tests: records every request and answers with whatever
 * the test's handler does. Handlers get the raw node:http response, so they can also send broken
 * bodies or drop the connection.
 */

import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (
  request: RecordedRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

export interface LoopbackServer {
  /** The API root to pass as `endpoint`, ending in /v1. */
  endpoint: string;
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, requests.length - 1)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    endpoint: `${origin}/v1`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON body with the given status and headers. */
export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(text);
}

/** Sends raw text with a content type. */
export function text(
  response: ServerResponse,
  status: number,
  body: string,
  contentType = "text/plain",
): void {
  response.writeHead(status, { "content-type": contentType });
  response.end(body);
}

/** Answers each request with the next handler of the list; the last one repeats. */
export function sequence(
  ...handlers: ((response: ServerResponse, request: RecordedRequest) => void)[]
): Handler {
  return (request, response, index) => {
    const handler = handlers[Math.min(index, handlers.length - 1)];
    handler?.(response, request);
  };
}

export const CUSTOMER_ID = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
export const OTHER_CUSTOMER_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
export const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.secret-test-token.signature";

export function order(id = "5cf72f146967", extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    referenceCustomerId: CUSTOMER_ID,
    billingCycle: "monthly",
    status: "pending",
    lineItems: [
      { lineItemNumber: 0, offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 5 },
      { lineItemNumber: 1, offerId: "CFQ7TTC0LF8Q:0001:CFQ7TTC0KFBB", quantity: 1 },
    ],
    ...extra,
  };
}

/** Starts loopback servers for a test file's tests and closes each one after its test. */
export function serversPerTest(): (handler: Handler) => Promise<LoopbackServer> {
  const open = new Set<LoopbackServer>();
  afterEach(async () => {
    await Promise.all([...open].map((server) => server.close()));
    open.clear();
  });
  return async (handler) => {
    const server = await startServer(handler);
    open.add(server);
    return server;
  };
}
