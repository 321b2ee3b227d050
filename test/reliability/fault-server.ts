/**
 * A loopback stand-in for the Partner Center Orders API that behaves like the service where it
 * matters for reliability: a create commits once per MS-RequestId and a replay of that id gets the
 * original order back (201, same body). On top of that it injects faults (see faults.ts) chosen per
 * request by a FaultPlan, and records every request it saw, Authorization header included, so tests
 * can count orders, attempts and leaked secrets.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { COMMITTING_FAULTS, type FaultKind } from "./faults.js";

export interface RecordedRequest {
  /** Arrival order, from 0. */
  seq: number;
  method: string;
  /** Path and query as sent, e.g. `/v1/customers/…/orders`. */
  url: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: Record<string, string>;
  body: string;
  /** The MS-RequestId sent, or undefined when the client sent none. */
  requestId: string | undefined;
  /** How many earlier requests carried the same MS-RequestId (0 for the first). */
  attemptForRequestId: number;
  fault: FaultKind;
  receivedAt: number;
}

export interface StoredOrder {
  customerId: string;
  requestId: string;
  /** The exact JSON sent on the 201, so replays can be compared byte for byte. */
  json: string;
  order: WireOrder;
  /** Sequence number of the request that committed it. */
  committedBy: number;
}

export interface WireLineItem {
  lineItemNumber: number;
  offerId: string;
  quantity?: number;
  friendlyName?: string;
  [key: string]: unknown;
}

export interface WireOrder {
  id: string;
  referenceCustomerId: string;
  lineItems: WireLineItem[];
  status: string;
  creationDate: string;
  links: Record<string, { uri: string; method: string; headers: unknown[] }>;
  attributes: { objectType: "Order" };
  [key: string]: unknown;
}

/** Chooses the fault for one request; called once per request, in arrival order. */
export type FaultPlan = (request: Readonly<Omit<RecordedRequest, "fault">>) => FaultKind;

export interface FaultServerOptions {
  faults?: FaultPlan;
  /** How long the slow faults wait before answering or committing. Default 2,000 ms. */
  slowDelayInMs?: number;
  /** The `Retry-After` seconds of a 429 (and the offset of its HTTP date). Default 1. */
  retryAfterSeconds?: number;
  /** The size of the huge-body answer. Default 20 MB. */
  hugeBodyBytes?: number;
  /** Orders per page of the list operation. Default 50. */
  pageSize?: number;
  /** Source of "now" for HTTP-date Retry-After values and `receivedAt`. Default Date.now. */
  now?: () => number;
}

export interface FaultServer {
  /** The client's endpoint: `http://127.0.0.1:<port>/v1`. */
  readonly endpoint: string;
  readonly requests: readonly RecordedRequest[];
  /** Committed orders, in commit order. */
  readonly orders: readonly StoredOrder[];
  /** The order committed under this MS-RequestId, if any. */
  orderFor(requestId: string): StoredOrder | undefined;
  /** Resolves once the server has seen `count` requests in all. */
  whenRequests(count: number): Promise<void>;
  /** Swaps the fault plan for requests that arrive from now on. */
  setFaults(plan: FaultPlan): void;
  /** Resolves once no delayed answer or commit is pending. */
  idle(): Promise<void>;
  /** Forgets requests and orders (keeps the plan). */
  reset(): void;
  close(): Promise<void>;
}

const ORDERS_PATH = /^\/v1\/customers\/([^/?#]+)\/orders\/?$/i;
const ORDER_PATH = /^\/v1\/customers\/([^/?#]+)\/orders\/([^/?#]+)\/?$/i;
const PROVISIONING_PATH = /^\/v1\/customers\/([^/?#]+)\/orders\/([^/?#]+)\/provisioningstatus\/?$/i;

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  let plan: FaultPlan = options.faults ?? (() => "none");
  const slowDelayInMs = options.slowDelayInMs ?? 2_000;
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const hugeBodyBytes = options.hugeBodyBytes ?? 20 * 1024 * 1024;
  const pageSize = options.pageSize ?? 50;
  const now = options.now ?? Date.now;

  const requests: RecordedRequest[] = [];
  const orders: StoredOrder[] = [];
  const byRequestId = new Map<string, StoredOrder>();
  const attemptsByRequestId = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters: { count: number; resolve: () => void }[] = [];

  /** A delay the server itself owns, so close() can cancel it and idle() can wait for it. */
  const later = (ms: number, task: () => void): void => {
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        try {
          task();
        } finally {
          resolve();
        }
      }, ms);
      timers.add(timer);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => {});
    req.on("end", () => {
      const headers = flattenHeaders(req);
      const requestId = headers["ms-requestid"];
      const attemptForRequestId = requestId === undefined ? 0 : (attemptsByRequestId.get(requestId) ?? 0);
      if (requestId !== undefined) attemptsByRequestId.set(requestId, attemptForRequestId + 1);
      const base = {
        seq: requests.length,
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
        requestId,
        attemptForRequestId,
        receivedAt: now(),
      };
      const fault = plan(base);
      const recorded: RecordedRequest = { ...base, fault };
      requests.push(recorded);
      handle(recorded, res);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  // A destroyed socket mid-answer is a fault we cause on purpose, not a server error.
  server.on("clientError", (_error, socket) => socket.destroy());

  function handle(request: RecordedRequest, res: ServerResponse): void {
    const echo = echoHeaders(request);
    const fault = request.fault;
    const path = request.url.split("?")[0] ?? "/";

    // Faults that answer before the service does any work.
    switch (fault) {
      case "drop-before-commit":
        res.socket?.destroy();
        return;
      case "unavailable-503":
        sendJson(res, 503, echo, {
          code: 0,
          description: "The service is temporarily unavailable.",
          data: [],
          source: "PartnerFD",
        });
        return;
      case "throttle-429-seconds":
      case "throttle-429-date": {
        const retryAfter =
          fault === "throttle-429-seconds"
            ? String(retryAfterSeconds)
            : new Date(now() + retryAfterSeconds * 1000).toUTCString();
        sendJson(
          res,
          429,
          { ...echo, "retry-after": retryAfter },
          { statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.` },
        );
        return;
      }
      case "gateway-html-502":
        send(res, 502, { ...echo, "content-type": "text/html" }, gatewayPage());
        return;
      case "error-proto-keys":
        send(
          res,
          400,
          { ...echo, "content-type": "application/json" },
          withPrototypeKeys(
            '{"code":800071,"description":"Line item numbers must be 0 to n-1.","data":[],"source":"PartnerFD"}',
          ),
        );
        return;
      case "echo-auth-401":
        sendJson(res, 401, echo, {
          code: 900316,
          description: `Invalid token in request header "Authorization: ${request.headers.authorization ?? ""}"`,
          data: [request.headers.authorization ?? ""],
          source: "PartnerFD",
        });
        return;
      case "echo-auth-html-502": {
        const lines = Object.entries(request.headers).map(([name, value]) => `<li>${name}: ${value}</li>`);
        send(
          res,
          502,
          { ...echo, "content-type": "text/html" },
          `<html><body><ul>${lines.join("")}</ul></body></html>`,
        );
        return;
      }
      case "echo-auth-header-503":
        sendJson(
          res,
          503,
          { ...echo, "x-echoed-authorization": request.headers.authorization ?? "" },
          { code: 0, description: "Busy.", data: [], source: "PartnerFD" },
        );
        return;
      case "slow-then-commit":
        later(slowDelayInMs, () => {
          const answer = route(request, path);
          if (!res.destroyed) deliver(res, answer, echo, "none");
        });
        return;
      default:
        break;
    }

    const answer = route(request, path);
    if (fault === "slow-after-commit") {
      later(slowDelayInMs, () => {
        if (!res.destroyed) deliver(res, answer, echo, "none");
      });
      return;
    }
    deliver(res, answer, echo, COMMITTING_FAULTS.has(fault) ? fault : "none");
  }

  /** The service's behaviour for one request; creates commit here. */
  function route(request: RecordedRequest, path: string): Answer {
    let match = ORDERS_PATH.exec(path);
    if (match && request.method === "POST") return createOrder(request, decodeURIComponent(match[1] ?? ""));
    if (match && request.method === "GET") return listOrders(request, decodeURIComponent(match[1] ?? ""));
    match = PROVISIONING_PATH.exec(path);
    if (match && request.method === "GET") {
      const stored = find(match[1] ?? "", match[2] ?? "");
      if (!stored) return notFound();
      const items = stored.order.lineItems.map((line) => ({
        lineItemNumber: line.lineItemNumber,
        status: "Fulfilled",
        quantityProvisioningInformation: [{ quantity: line.quantity ?? 1, status: "Fulfilled" }],
      }));
      return { status: 200, body: JSON.stringify({ totalCount: items.length, items, attributes: {} }) };
    }
    match = ORDER_PATH.exec(path);
    if (match && request.method === "GET") {
      const stored = find(match[1] ?? "", match[2] ?? "");
      return stored ? { status: 200, body: JSON.stringify(stored.order) } : notFound();
    }
    if (match && request.method === "PATCH") {
      const stored = find(match[1] ?? "", match[2] ?? "");
      if (!stored) return notFound();
      const patch = parseObject(request.body);
      if (!patch) return badRequest("The request body is not a JSON object.");
      if (patch.status === "cancelled") stored.order.status = "cancelled";
      return { status: 200, body: JSON.stringify(stored.order) };
    }
    return notFound();
  }

  function createOrder(request: RecordedRequest, customerId: string): Answer {
    const requestId = request.requestId ?? randomUUID();
    const replay = byRequestId.get(requestId);
    if (replay) return { status: 201, body: replay.json };
    const input = parseObject(request.body);
    if (!input || !Array.isArray(input.lineItems) || input.lineItems.length === 0) {
      return badRequest("You must have at least one order line item.");
    }
    const id = randomBytes(6).toString("hex");
    const self = `/customers/${customerId}/orders/${id}`;
    const order: WireOrder = {
      id,
      referenceCustomerId: customerId,
      lineItems: (input.lineItems as Record<string, unknown>[]).map((line, index) => ({
        ...line,
        lineItemNumber: typeof line.lineItemNumber === "number" ? line.lineItemNumber : index,
        offerId: String(line.offerId),
      })),
      status: "pending",
      creationDate: new Date().toISOString(),
      links: {
        self: { uri: self, method: "GET", headers: [] },
        provisioningStatus: { uri: `${self}/provisioningstatus`, method: "GET", headers: [] },
      },
      attributes: { objectType: "Order" },
    };
    const stored: StoredOrder = {
      customerId,
      requestId,
      json: JSON.stringify(order),
      order,
      committedBy: request.seq,
    };
    byRequestId.set(requestId, stored);
    orders.push(stored);
    return { status: 201, body: stored.json };
  }

  function listOrders(request: RecordedRequest, customerId: string): Answer {
    const query = new URLSearchParams(request.url.split("?")[1] ?? "");
    const start = Number(query.get("offset") ?? "0");
    const mine = orders.filter((stored) => stored.customerId.toLowerCase() === customerId.toLowerCase());
    const page = mine.slice(start, start + pageSize);
    const collectionPath = `/customers/${customerId}/orders`;
    const links: Record<string, unknown> = { self: { uri: collectionPath, method: "GET", headers: [] } };
    if (start + pageSize < mine.length) {
      links.next = { uri: `${collectionPath}?offset=${start + pageSize}`, method: "GET", headers: [] };
    }
    const body = {
      totalCount: page.length,
      items: page.map((stored) => stored.order),
      links,
      attributes: { objectType: "Collection" },
    };
    return { status: 200, body: JSON.stringify(body) };
  }

  function find(customerId: string, orderId: string): StoredOrder | undefined {
    const cid = decodeURIComponent(customerId).toLowerCase();
    return orders.find((stored) => stored.customerId.toLowerCase() === cid && stored.order.id === orderId);
  }

  /** Sends a routed answer, bent by a fault that happens after the service did its work. */
  function deliver(
    res: ServerResponse,
    answer: Answer,
    echo: Record<string, string>,
    fault: FaultKind,
  ): void {
    const json = { ...echo, "content-type": "application/json; charset=utf-8" };
    const failed = answer.status >= 400;
    switch (failed ? "none" : fault) {
      case "drop-after-commit":
        res.socket?.destroy();
        return;
      case "truncated-after-commit": {
        const bytes = Buffer.from(answer.body);
        res.writeHead(answer.status, { ...json, "content-length": String(bytes.length + 100) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
        return;
      }
      case "invalid-json-after-commit":
        send(res, answer.status, json, `${answer.body.slice(0, Math.floor(answer.body.length / 2))},]`);
        return;
      case "empty-after-commit":
        send(res, answer.status, json, "");
        return;
      case "wrong-content-type":
        send(res, answer.status, { ...echo, "content-type": "text/plain" }, answer.body);
        return;
      case "proto-keys":
        send(res, answer.status, json, withPrototypeKeys(answer.body));
        return;
      case "huge-body":
        send(res, answer.status, json, padded(answer.body, hugeBodyBytes));
        return;
      case "html-200":
        send(
          res,
          answer.status,
          { ...echo, "content-type": "text/html" },
          "<html><body>Signed in.</body></html>",
        );
        return;
      case "json-array-body":
        send(res, answer.status, json, "[]");
        return;
      case "json-null-body":
        send(res, answer.status, json, "null");
        return;
      case "deeply-nested-json":
        send(res, answer.status, json, `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
        return;
      case "bad-gzip":
        send(res, answer.status, { ...json, "content-encoding": "gzip" }, "this is not gzip at all");
        return;
      case "stalled-body": {
        const bytes = Buffer.from(answer.body);
        res.writeHead(answer.status, { ...json, "content-length": String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        return; // never ends; close() or the client's timeout tears the connection down
      }
      default:
        send(res, answer.status, json, answer.body);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/v1`,
    requests,
    orders,
    orderFor: (requestId) => byRequestId.get(requestId),
    whenRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
    setFaults(next) {
      plan = next;
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    reset() {
      requests.length = 0;
      orders.length = 0;
      byRequestId.clear();
      attemptsByRequestId.clear();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

interface Answer {
  status: number;
  body: string;
}

function notFound(): Answer {
  return {
    status: 404,
    body: JSON.stringify({
      code: 2000,
      description: "The resource was not found.",
      data: [],
      source: "PartnerFD",
    }),
  };
}

function badRequest(description: string): Answer {
  return { status: 400, body: JSON.stringify({ code: 0, description, data: [], source: "PartnerFD" }) };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/** The service echoes both ids on every answer. */
function echoHeaders(request: RecordedRequest): Record<string, string> {
  const echo: Record<string, string> = {};
  if (request.requestId !== undefined) echo["ms-requestid"] = request.requestId;
  const correlationId = request.headers["ms-correlationid"];
  if (correlationId !== undefined) echo["ms-correlationid"] = correlationId;
  echo["ms-cv"] = `${randomBytes(8).toString("base64url")}.0`;
  return echo;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  send(res, status, { ...headers, "content-type": "application/json; charset=utf-8" }, JSON.stringify(body));
}

function gatewayPage(): string {
  return "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
}

/** The same order with keys that pollute prototypes if a client merges the parsed object naively. */
function withPrototypeKeys(json: string): string {
  const poison =
    '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},';
  return json.replace(/^\{/, `{${poison}`).replace(/"lineItems":\[\{/, `"lineItems":[{${poison}`);
}

/** Valid JSON of about `bytes` bytes: the order plus one long unknown property. */
function padded(json: string, bytes: number): string {
  const filler = "x".repeat(Math.max(0, bytes - json.length - 20));
  return json.replace(/^\{/, `{"padding":"${filler}",`);
}
