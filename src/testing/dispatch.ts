/**
 * One request through the emulated service, in the service's order: route, token, tenant id, rate
 * limit, injected faults, the service's own refusals, the spec's check of the request, the MS-RequestId
 * replay, the operation itself; then the spec's check of the answer before anything is sent.
 */
import type { Contract } from "./contract.js";
import type { FaultPlan, FaultRule } from "./faults.js";
import { readMultipart } from "./multipart.js";
import { type OperationHandler, refused, type ServiceAnswer, type ServiceContext } from "./operation.js";
import { createOrder, getOrder, listOrders, updateOrder } from "./order-operations.js";
import {
  downloadOrderAttachment,
  getOrderProvisioningStatus,
  listOrderActivationLinks,
  listOrderAttachments,
  listOrderLineItemActivationLinks,
  listOrderSubscriptions,
  uploadOrderAttachment,
} from "./order-resources.js";
import { refusals, throttlingBody } from "./service-errors.js";
import { findRoute, type Route } from "./spec.js";
import type { RateLimiter } from "./throttling.js";

/** By operationId; an operation the spec does not have is never routed to, whatever is listed here. */
const HANDLERS: Record<string, OperationHandler> = {
  createOrder,
  getOrder,
  listOrders,
  updateOrder,
  getOrderProvisioningStatus,
  listOrderActivationLinks,
  listOrderLineItemActivationLinks,
  uploadOrderAttachment,
  listOrderAttachments,
  downloadOrderAttachment,
  listOrderSubscriptions,
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const API_ROOT = "/v1";

export interface IncomingCall {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  bytes: Uint8Array;
}

export interface Outcome {
  operationId: string | undefined;
  answer: ServiceAnswer;
  /** Faults that act after the operation: cut the connection, hold the answer. */
  dropConnection: boolean;
  delayInMs: number;
}

export interface DispatchDependencies {
  routes: Route[];
  contract: Contract;
  limiter: RateLimiter;
  faults: FaultPlan;
  context: ServiceContext;
  serviceNow(): number;
}

function header(headers: IncomingCall["headers"], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export async function dispatch(call: IncomingCall, deps: DispatchDependencies): Promise<Outcome> {
  const outcome = (operationId: string | undefined, answer: ServiceAnswer): Outcome => ({
    operationId,
    answer,
    dropConnection: false,
    delayInMs: 0,
  });
  const { pathname } = call.url;
  if (!pathname.startsWith(`${API_ROOT}/`)) return outcome(undefined, refused(refusals.notFound()));
  const found = findRoute(deps.routes, call.method, pathname.slice(API_ROOT.length));
  if (found === undefined) return outcome(undefined, refused(refusals.notFound()));
  if (found === "methodNotAllowed") return outcome(undefined, refused(refusals.methodNotAllowed()));
  const { route, pathParams } = found;
  const operationId = route.operationId;
  const handler = HANDLERS[operationId];
  if (handler === undefined) {
    return outcome(
      operationId,
      refused(refusals.emulatorFault([`the emulator does not implement ${operationId}`])),
    );
  }

  if (!/^Bearer\s+\S/i.test(header(call.headers, "authorization") ?? "")) {
    return outcome(operationId, refused(refusals.tokenMissing()));
  }
  const customerId = pathParams.customerId ?? "";
  if (!GUID.test(customerId)) return outcome(operationId, refused(refusals.tenantIdNotGuid()));

  const slot = deps.limiter.take(customerId.toLowerCase(), Date.now());
  if (!slot.allowed) return outcome(operationId, throttled(slot.retryAfterInSeconds));

  const faults = deps.faults.decide(operationId);
  const early = faults.find((rule) => rule.kind === "throttle" || rule.kind === "service-unavailable");
  if (early !== undefined) return outcome(operationId, faultAnswer(early));

  const decoded = await decodeBody(call);
  if (typeof decoded === "string") return outcome(operationId, refused(refusals.invalidInput([decoded])));
  const ownRefusal = handler.refuse?.(decoded.body);
  if (ownRefusal !== undefined) return outcome(operationId, refused(ownRefusal));

  const parameters = deps.contract.checkParameters(route, pathParams, call.url.searchParams, call.headers);
  const bodyErrors =
    call.method === "GET"
      ? []
      : deps.contract.checkRequestBody(operationId, decoded.declared, decoded.contentType);
  const problems = [...parameters.errors, ...bodyErrors];
  if (problems.length > 0) return outcome(operationId, refused(refusals.invalidInput(problems)));

  const tenant = deps.context.state.tenant(customerId);
  const requestId = header(call.headers, "ms-requestid");
  const replayKey =
    call.method !== "GET" && requestId !== undefined
      ? `${operationId} ${pathname} ${requestId.toLowerCase()}`
      : undefined;
  const remembered = replayKey === undefined ? undefined : tenant.remembered.get(replayKey);
  let answer: ServiceAnswer;
  if (remembered !== undefined) {
    answer = { status: remembered.status, body: structuredClone(remembered.body) };
  } else {
    answer = handler.handle(
      {
        operationId,
        customerId,
        tenant,
        path: parameters.values.path,
        query: parameters.values.query,
        rawQuery: call.url.searchParams,
        body: decoded.body,
        now: deps.serviceNow(),
      },
      deps.context,
    );
    if (replayKey !== undefined && answer.status >= 200 && answer.status < 300) {
      tenant.remembered.set(replayKey, { status: answer.status, body: structuredClone(answer.body) });
    }
  }
  return {
    operationId,
    answer,
    dropConnection: faults.some((rule) => rule.kind === "drop-after-commit"),
    delayInMs: Math.max(
      0,
      ...faults.filter((rule) => rule.kind === "slow").map((rule) => rule.delayInMs ?? 2000),
    ),
  };
}

function throttled(retryAfterInSeconds: number): ServiceAnswer {
  return {
    status: 429,
    body: throttlingBody(retryAfterInSeconds),
    headers: { "Retry-After": String(retryAfterInSeconds) },
  };
}

function faultAnswer(rule: FaultRule): ServiceAnswer {
  const retryAfter = rule.retryAfterInSeconds ?? 1;
  if (rule.kind === "throttle") return throttled(retryAfter);
  return { ...refused(refusals.serviceUnavailable()), headers: { "Retry-After": String(retryAfter) } };
}

interface DecodedBody {
  /** What the operation works with. */
  body: unknown;
  /** What the spec's request schema is checked against. */
  declared: unknown;
  contentType: string | undefined;
}

async function decodeBody(call: IncomingCall): Promise<DecodedBody | string> {
  const contentType = header(call.headers, "content-type");
  if (call.bytes.byteLength === 0) return { body: undefined, declared: undefined, contentType };
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "multipart/form-data") {
    const form = await readMultipart(call.bytes, contentType ?? "");
    return typeof form === "string" ? form : { body: form, declared: form.asDeclared, contentType };
  }
  try {
    const body: unknown = JSON.parse(Buffer.from(call.bytes).toString("utf8"));
    return { body, declared: body, contentType };
  } catch {
    return "the body is not valid JSON";
  }
}
