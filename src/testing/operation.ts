/** What an operation of the emulated service receives and answers; one handler per operationId. */
import type { IdMinter } from "./ids.js";
import type { LifeCycleSettings } from "./life-cycle.js";
import type { Refusal } from "./service-errors.js";
import type { EmulatorState, StoredOrder, Tenant } from "./state.js";

export interface ServiceRequest {
  operationId: string;
  customerId: string;
  tenant: Tenant;
  /** Parameters as the spec declares them, already checked and typed. */
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The query string as received, for what the spec does not declare (a next link's continuation). */
  rawQuery: URLSearchParams;
  /** The decoded body: parsed JSON, or the parts of a multipart form. */
  body: unknown;
  /** Service time, ms. */
  now: number;
}

export interface ServiceAnswer {
  status: number;
  /** JSON body. */
  body?: unknown;
  /** Raw body (a file); `contentType` says what it is. */
  bytes?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ServiceContext {
  state: EmulatorState;
  ids: IdMinter;
  settings: LifeCycleSettings;
  /** Orders per page of listOrders before `links.next` appears. */
  pageSize: number;
}

export interface OperationHandler {
  /** The service's own refusals of a body, checked before the schema (they have their own codes). */
  refuse?(body: unknown): Refusal | undefined;
  handle(request: ServiceRequest, context: ServiceContext): ServiceAnswer;
}

export function answer(status: number, body: unknown): ServiceAnswer {
  return { status, body };
}

export function refused(refusal: Refusal): ServiceAnswer {
  return { status: refusal.status, body: refusal.body };
}

/** The order the path names, if this tenant has it. */
export function orderIn(request: ServiceRequest): StoredOrder | undefined {
  return request.tenant.orders.get(String(request.path.orderId));
}
