/**
 * startEmulator: the emulated Orders service on a loopback port. One `node:http` server, state in
 * memory, no files, no timers left running: `close()` ends every connection and resolves when the port
 * is free again.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { components } from "../../generated/schema.js";
import { type Contract, createContract } from "./contract.js";
import { dispatch, type Outcome } from "./dispatch.js";
import { createFaultPlan, type FaultRule } from "./faults.js";
import { createIdMinter } from "./ids.js";
import { DEFAULT_LIFE_CYCLE, needsPurchaseOrder } from "./life-cycle.js";
import type { ServiceAnswer, ServiceContext } from "./operation.js";
import { refusals } from "./service-errors.js";
import { loadBundledSpec, routesOf } from "./spec.js";
import { EmulatorState, type StoredOrder } from "./state.js";
import { createRateLimiter } from "./throttling.js";
import { orderView } from "./views.js";

export type Order = components["schemas"]["Order"];

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Per customer tenant, in any sliding minute. Default 500 (the Order resource's documented limit). */
  requestsPerMinute?: number;
  /** Faults from the start; more can be added with `injectFault`. */
  faults?: FaultRule[];
  /** How much faster than real time orders move on: 100 makes a 5 s provisioning take 50 ms. Default 1. */
  timeScale?: number;
  /** Seeds ids and fault decisions, so runs repeat. Default 1. */
  seed?: number;
  /** Service time from purchase to provisioned line items. Default 5000 ms. */
  provisioningDelayInMs?: number;
  /** Days after creation an order can still be cancelled. Default 7. */
  cancellationWindowInDays?: number;
  /** Orders per listOrders page before `links.next` appears. Default 100. */
  pageSize?: number;
  /** Called for each answer that did not match the spec (it was replaced by a 500). Default: print it. */
  onViolation?: (violation: EmulatorViolation) => void;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/v1/customers/{id}/orders`. */
  path: string;
  /** Lower-case names; `authorization` is never kept. */
  headers: Record<string, string>;
  /** Parsed JSON, the text of any other body, or undefined. */
  body: unknown;
  operationId: string | undefined;
  /** The status answered; undefined when the connection was cut instead. */
  status: number | undefined;
}

export interface EmulatorViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  errors: string[];
}

export interface AddOrderInput {
  lineItems: { offerId: string; quantity?: number; friendlyName?: string; partnerIdOnRecord?: string }[];
  billingCycle?: string;
  /** Default `UserPurchase`; `SystemPurchase` orders are listed only with `include_system_purchases`. */
  transactionType?: string;
  /** How long ago (service time) the order was placed. Default 0. */
  ageInMs?: number;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`: the client's `endpoint` (it adds `/v1`, which the emulator serves). */
  readonly url: string;
  readonly port: number;
  /** A customer's orders as the service would show them now (deep copies), oldest first. */
  orders(customerId: string): Order[];
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Answers that did not match the spec. Empty unless the emulator itself is wrong. */
  readonly violations: readonly EmulatorViolation[];
  /** Adds a fault; the function returned removes it. */
  injectFault(rule: FaultRule): () => void;
  clearFaults(): void;
  /** Moves the service clock on (provisioning, cancellation windows) without waiting. */
  advanceTime(ms: number): void;
  /** Places an order directly, as if made earlier or by the system. */
  addOrder(customerId: string, input: AddOrderInput): Order;
  close(): Promise<void>;
}

/** A test-only hook: rewrites an answer before it is checked (proves the check catches a wrong one). */
export type AnswerTamper = (operationId: string, answer: ServiceAnswer) => ServiceAnswer;

const MAX_BODY_BYTES = 32 * 1024 * 1024;

let compiled: { spec: ReturnType<typeof loadBundledSpec>; contract: Contract } | undefined;

/**
 * Strict Ajv compiles the whole document once per process (most of a first start's time); every
 * emulator after the first reuses it. The contract holds no per-emulator state.
 */
function bundledContract(): { spec: ReturnType<typeof loadBundledSpec>; contract: Contract } {
  if (compiled === undefined) {
    const spec = loadBundledSpec();
    compiled = { spec, contract: createContract(spec) };
  }
  return compiled;
}

export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulatorWithTamper(options, undefined);
}

export async function startEmulatorWithTamper(
  options: EmulatorOptions,
  tamper: AnswerTamper | undefined,
): Promise<Emulator> {
  const settings = checkOptions(options);
  const { spec, contract } = bundledContract();
  const state = new EmulatorState();
  const ids = createIdMinter(settings.seed);
  const faults = createFaultPlan(settings.seed, options.faults ?? []);
  const startedAt = Date.now();
  let offset = 0;
  const serviceNow = () => startedAt + (Date.now() - startedAt) * settings.timeScale + offset;
  const context: ServiceContext = {
    state,
    ids,
    settings: {
      provisioningDelayInMs: settings.provisioningDelayInMs,
      cancellationWindowInDays: settings.cancellationWindowInDays,
    },
    pageSize: settings.pageSize,
  };
  const deps = {
    routes: routesOf(spec),
    contract,
    limiter: createRateLimiter(settings.requestsPerMinute),
    faults,
    context,
    serviceNow,
  };
  const requests: RecordedRequest[] = [];
  const violations: EmulatorViolation[] = [];
  const closing = new AbortController();
  const onViolation =
    options.onViolation ??
    ((v: EmulatorViolation) =>
      console.error(
        `partner-center-orders emulator: ${v.operationId} ${v.status} broke the spec: ${v.errors.join("; ")}`,
      ));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: `${url.pathname}${url.search}`,
      headers: withoutToken(req.headers),
      body: bytes === undefined ? undefined : describeBody(bytes, req.headers["content-type"]),
      operationId: undefined,
      status: undefined,
    };
    requests.push(record);
    let outcome: Outcome;
    if (bytes === undefined) {
      outcome = {
        operationId: undefined,
        answer: { status: 400, body: refusals.invalidInput(["the body is too large"]).body },
        dropConnection: false,
        delayInMs: 0,
      };
    } else {
      outcome = await dispatch({ method: record.method, url, headers: req.headers, bytes }, deps);
    }
    record.operationId = outcome.operationId;
    let answer = tamper && outcome.operationId ? tamper(outcome.operationId, outcome.answer) : outcome.answer;
    const ids = {
      requestId: echoedId(req, "ms-requestid"),
      correlationId: echoedId(req, "ms-correlationid"),
    };
    const headers = responseHeaders(ids, answer);
    if (outcome.operationId !== undefined) {
      const errors = contract.checkResponse(outcome.operationId, {
        status: answer.status,
        headers,
        contentType: headers["Content-Type"],
        body: answer.bytes ?? answer.body,
      });
      if (errors.length > 0) {
        const violation = {
          operationId: outcome.operationId,
          method: record.method,
          path: record.path,
          status: answer.status,
          errors,
        };
        violations.push(violation);
        onViolation(violation);
        answer = { status: 500, body: refusals.emulatorFault(errors).body };
      }
    }
    if (outcome.delayInMs > 0) await pause(outcome.delayInMs, closing.signal);
    if (outcome.dropConnection || closing.signal.aborted) {
      req.socket.destroy();
      return;
    }
    record.status = answer.status;
    const payload =
      answer.bytes ?? (answer.body === undefined ? undefined : Buffer.from(JSON.stringify(answer.body)));
    res.writeHead(answer.status, {
      ...responseHeaders(ids, answer),
      ...(payload ? { "Content-Length": String(payload.byteLength) } : {}),
    });
    res.end(payload);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug of the emulator: answer loudly rather than hang the caller.
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify(refusals.emulatorFault([String(error instanceof Error ? error.stack : error)]).body),
        );
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;

  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    violations,
    orders(customerId) {
      if (!state.has(customerId)) return [];
      const view = { now: serviceNow(), settings: context.settings, includePrice: false };
      return [...state.tenant(customerId).orders.values()].map((order) => orderView(order, view) as Order);
    },
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    advanceTime(ms) {
      if (!(Number.isFinite(ms) && ms >= 0))
        throw new TypeError("advanceTime needs a non-negative number of ms");
      offset += ms;
    },
    addOrder(customerId, input) {
      const now = serviceNow() - (input.ageInMs ?? 0);
      const order: StoredOrder = {
        id: ids.orderId(),
        customerId,
        billingCycle: input.billingCycle ?? "monthly",
        transactionType: input.transactionType ?? "UserPurchase",
        createdAt: now,
        currencyCode: "USD",
        currencySymbol: "$",
        lines: input.lineItems.map((line, index) => ({
          lineItemNumber: index,
          offerId: line.offerId,
          quantity: line.quantity ?? 1,
          subscriptionId: ids.subscriptionId(),
          addedAt: now,
          details: {
            ...(line.friendlyName === undefined ? {} : { friendlyName: line.friendlyName }),
            ...(line.partnerIdOnRecord === undefined ? {} : { partnerIdOnRecord: line.partnerIdOnRecord }),
          },
        })),
        needsPurchaseOrder: needsPurchaseOrder(input.lineItems.map((line) => line.offerId)),
        attachments: [],
      };
      state.tenant(customerId).orders.set(order.id, order);
      return orderView(order, {
        now: serviceNow(),
        settings: context.settings,
        includePrice: false,
      }) as Order;
    },
    close() {
      closing.abort();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

interface Settings {
  port: number;
  host: string;
  requestsPerMinute: number;
  timeScale: number;
  seed: number;
  provisioningDelayInMs: number;
  cancellationWindowInDays: number;
  pageSize: number;
}

function checkOptions(options: EmulatorOptions): Settings {
  if (typeof options !== "object" || options === null)
    throw new TypeError("startEmulator options must be an object");
  const number = (value: unknown, name: string, fallback: number, valid: (n: number) => boolean) => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || Number.isNaN(value) || !valid(value)) {
      throw new TypeError(`startEmulator: ${name} is out of range (${String(value)})`);
    }
    return value;
  };
  return {
    port: number(options.port, "port", 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65535),
    host: options.host ?? "127.0.0.1",
    requestsPerMinute: number(options.requestsPerMinute, "requestsPerMinute", 500, (n) => n >= 1),
    timeScale: number(options.timeScale, "timeScale", 1, (n) => Number.isFinite(n) && n > 0),
    seed: number(options.seed, "seed", 1, Number.isInteger),
    provisioningDelayInMs: number(
      options.provisioningDelayInMs,
      "provisioningDelayInMs",
      DEFAULT_LIFE_CYCLE.provisioningDelayInMs,
      (n) => Number.isFinite(n) && n >= 0,
    ),
    cancellationWindowInDays: number(
      options.cancellationWindowInDays,
      "cancellationWindowInDays",
      DEFAULT_LIFE_CYCLE.cancellationWindowInDays,
      (n) => Number.isFinite(n) && n >= 0,
    ),
    pageSize: number(options.pageSize, "pageSize", 100, (n) => Number.isInteger(n) && n >= 1),
  };
}

/** The body, or undefined when it is larger than the emulator takes. */
async function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function withoutToken(headers: IncomingMessage["headers"]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === "authorization" || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return kept;
}

function describeBody(bytes: Uint8Array, contentType: string | undefined): unknown {
  if (bytes.byteLength === 0) return undefined;
  const text = Buffer.from(bytes).toString("utf8");
  if (/json/i.test(contentType ?? "")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The caller's id echoed back, or one made up for it (as the service does). */
function echoedId(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : crypto.randomUUID();
}

function responseHeaders(
  ids: { requestId: string; correlationId: string },
  answer: ServiceAnswer,
): Record<string, string> {
  return {
    "Content-Type": answer.contentType ?? "application/json; charset=utf-8",
    "MS-RequestId": ids.requestId,
    "MS-CorrelationId": ids.correlationId,
    "MS-CV": "emulator.0",
    ...answer.headers,
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
