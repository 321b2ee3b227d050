/**
 * startEmulator: the emulated Orders service on a loopback port. One `node:http` server, state in
 * memory, no files, no timers left running: `close()` ends every connection and resolves when the port
 * is free again.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { components } from "../../generated/schema.js";
import { type Contract, createContract } from "./contract.js";
import {
  type AnswerTamper,
  createExchangeHandler,
  type EmulatorViolation,
  type RecordedRequest,
} from "./exchange.js";
import { createFaultPlan, type FaultRule } from "./faults.js";
import { createIdMinter } from "./ids.js";
import { needsPurchaseOrder } from "./life-cycle.js";
import type { ServiceContext } from "./operation.js";
import { checkOptions, type EmulatorOptions } from "./options.js";
import { loadBundledSpec, routesOf } from "./spec.js";
import { EmulatorState, type StoredOrder } from "./state.js";
import { createRateLimiter } from "./throttling.js";
import { orderView } from "./views.js";

export type { AnswerTamper, EmulatorViolation, RecordedRequest } from "./exchange.js";
export type { EmulatorOptions } from "./options.js";
export type Order = components["schemas"]["Order"];

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

  const server: Server = createServer(
    createExchangeHandler({ deps, requests, violations, onViolation, tamper, closing: closing.signal }),
  );
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
