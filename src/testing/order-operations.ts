/** The Order resource itself: create, get, list (filtered, paged) and update (PATCH). */
import { camelCaseOrderBody, isTrue } from "./casing.js";
import {
  cancellationWindowClosed,
  isLineProvisioned,
  needsPurchaseOrder,
  orderStatus,
} from "./life-cycle.js";
import {
  answer,
  type OperationHandler,
  orderIn,
  refused,
  type ServiceContext,
  type ServiceRequest,
} from "./operation.js";
import { refusals } from "./service-errors.js";
import type { StoredLine, StoredOrder } from "./state.js";
import { collection, orderView, type ViewContext } from "./views.js";

type Json = Record<string, unknown>;

const KNOWN_ORDER_STATUSES = new Set([
  "unknown",
  "completed",
  "pending",
  "cancelled",
  "suspended",
  "pending_review",
  "pending_po_upload",
  "po_upload_complete",
  "po_review_rejected",
  "partial_success",
  "error",
]);

/** The line properties kept as sent and shown back (the rest are the service's own). */
const LINE_DETAILS = [
  "friendlyName",
  "termDuration",
  "customTermEndDate",
  "renewsTo",
  "promotionId",
  "partnerIdOnRecord",
  "additionalPartnerIdsOnRecord",
  "provisioningContext",
  "attestationAccepted",
  "purchaseCommitment",
];

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function linesOf(body: unknown): Json[] {
  const lines = asObject(body)?.lineItems;
  return Array.isArray(lines) ? lines.map((line) => asObject(line) ?? {}) : [];
}

/** `status` on a body: refused with code 0 when it is not an OrderStatus at all. */
function statusRefusal(body: unknown) {
  const status = asObject(body)?.status;
  if (status === undefined || status === null) return undefined;
  return typeof status === "string" && KNOWN_ORDER_STATUSES.has(status)
    ? undefined
    : refusals.invalidOrderStatus(status);
}

/** `OneTime`, `one_time` and `onetime` all name one billing cycle; stored the way the service writes it. */
export function billingCycleKey(value: string): string {
  return value.replaceAll("_", "").toLowerCase();
}

function normalizeBillingCycle(value: unknown): string {
  if (typeof value !== "string") return "monthly";
  return billingCycleKey(value) === "onetime" ? "one_time" : value.toLowerCase();
}

function viewContext(request: ServiceRequest, context: ServiceContext, includePrice = false): ViewContext {
  return { now: request.now, settings: context.settings, includePrice };
}

function pickDetails(line: Json): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const name of LINE_DETAILS)
    if (line[name] !== undefined && line[name] !== null) details[name] = line[name];
  return details;
}

export const createOrder: OperationHandler = {
  refuse(sent) {
    const body = camelCaseOrderBody(sent);
    const invalidStatus = statusRefusal(body);
    if (invalidStatus) return invalidStatus;
    const lines = linesOf(body);
    if (lines.length === 0) return refusals.noLineItems();
    if (lines.some((line) => line.parentSubscriptionId !== undefined && line.parentSubscriptionId !== null)) {
      return refusals.parentSubscriptionOnCreate();
    }
    const numbers = lines.map((line) => Number(line.lineItemNumber)).sort((a, b) => a - b);
    if (!numbers.every((number, index) => number === index)) return refusals.lineItemNumbers();
    return undefined;
  },

  handle(request, context) {
    const body = asObject(camelCaseOrderBody(request.body)) ?? {};
    const id = context.ids.orderId();
    const lines: StoredLine[] = linesOf(body)
      .sort((a, b) => Number(a.lineItemNumber) - Number(b.lineItemNumber))
      .map((line) => ({
        lineItemNumber: Number(line.lineItemNumber),
        offerId: String(line.offerId),
        quantity: typeof line.quantity === "number" ? line.quantity : 1,
        subscriptionId: context.ids.subscriptionId(),
        addedAt: request.now,
        details: pickDetails(line),
      }));
    const order: StoredOrder = {
      id,
      customerId: request.customerId,
      billingCycle: normalizeBillingCycle(body.billingCycle),
      transactionType: "UserPurchase",
      createdAt: request.now,
      currencyCode: "USD",
      currencySymbol: "$",
      lines,
      needsPurchaseOrder: needsPurchaseOrder(lines.map((line) => line.offerId)),
      attachments: [],
      ...(typeof body.referenceCustomerId === "string"
        ? { referenceCustomerId: body.referenceCustomerId }
        : {}),
      ...(body.partnerOnRecordAttestationAccepted !== undefined
        ? { partnerOnRecordAttestationAccepted: body.partnerOnRecordAttestationAccepted as boolean | null }
        : {}),
    };
    request.tenant.orders.set(id, order);
    return answer(201, orderView(order, viewContext(request, context)));
  },
};

export const getOrder: OperationHandler = {
  handle(request, context) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.orderNotFound());
    return answer(200, orderView(order, viewContext(request, context, isTrue(request.query.include_price))));
  },
};

const CONTINUATION = "continuationToken";

export const listOrders: OperationHandler = {
  handle(request, context) {
    const { query } = request;
    const wantedCycle =
      typeof query.billingType === "string" ? billingCycleKey(query.billingType) : undefined;
    const reseller =
      typeof query.indirect_reseller_id === "string" ? query.indirect_reseller_id.toLowerCase() : undefined;
    const all = [...request.tenant.orders.values()].filter(
      (order) =>
        (isTrue(query.include_system_purchases) || order.transactionType === "UserPurchase") &&
        (wantedCycle === undefined || billingCycleKey(order.billingCycle) === wantedCycle) &&
        (reseller === undefined ||
          order.lines.some(
            (line) => String(line.details.partnerIdOnRecord ?? "").toLowerCase() === reseller,
          )),
    );
    const offset = decodeOffset(request.rawQuery.get(CONTINUATION));
    const page = all.slice(offset, offset + context.pageSize);
    const views = page.map((order) =>
      orderView(order, viewContext(request, context, isTrue(query.include_price))),
    );
    const self = `/customers/${request.customerId}/orders`;
    const nextOffset = offset + context.pageSize;
    const next = nextOffset < all.length ? `${self}?${nextQuery(request, nextOffset)}` : undefined;
    const body = collection(views, "Collection", self, next);
    body.totalCount = views.length;
    return answer(200, body);
  },
};

/** The next page's query: the same filters, and where to continue. */
function nextQuery(request: ServiceRequest, offset: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    if (name !== CONTINUATION && value !== undefined) params.set(name, String(value));
  }
  params.set(CONTINUATION, Buffer.from(`offset:${offset}`).toString("base64url"));
  return params.toString();
}

function decodeOffset(token: unknown): number {
  if (typeof token !== "string") return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match ? Number(match[1]) : 0;
}

export const updateOrder: OperationHandler = {
  refuse: (sent) => statusRefusal(camelCaseOrderBody(sent)),

  handle(request, context) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.orderNotFound());
    const body = asObject(camelCaseOrderBody(request.body)) ?? {};
    if (typeof body.id === "string" && body.id !== order.id) {
      return refused(refusals.invalidInput([`id "${body.id}" is not the order in the path (${order.id})`]));
    }
    const lines = linesOf(body);
    const result =
      body.status === "cancelled"
        ? cancel(order, lines, request, context)
        : lines.some((line) => typeof line.parentSubscriptionId === "string")
          ? addOns(order, lines, request, context)
          : change(order, body, lines, request, context);
    return result ?? answer(200, orderView(order, viewContext(request, context)));
  },
};

function lineNumbered(order: StoredOrder, number: unknown): StoredLine | undefined {
  return order.lines.find((line) => line.lineItemNumber === Number(number));
}

/** Cancels the order, or only the lines listed; cancelled lines keep their subscription id and show quantity 0. */
function cancel(order: StoredOrder, lines: Json[], request: ServiceRequest, context: ServiceContext) {
  const { now } = request;
  const status = orderStatus(order, now, context.settings);
  if (status === "cancelled") return refused(refusals.cannotCancel());
  if (status !== "completed") return refused(refusals.orderInProgress());
  if (cancellationWindowClosed(order, now, context.settings)) {
    return refused(refusals.cancellationWindowPassed(context.settings.cancellationWindowInDays));
  }
  const targets =
    lines.length === 0 ? order.lines : lines.map((line) => lineNumbered(order, line.lineItemNumber));
  if (targets.some((line) => line === undefined)) return refused(refusals.lineItemNumbers());
  for (const line of targets as StoredLine[]) {
    if (line.cancelledAt !== undefined) continue;
    line.cancelledAt = now;
    line.quantity = 0;
  }
  return undefined;
}

/** Buys add-ons: each new line names a provisioned, active subscription of this order as its parent. */
function addOns(order: StoredOrder, lines: Json[], request: ServiceRequest, context: ServiceContext) {
  const parents = new Set(
    order.lines
      .filter(
        (line) =>
          line.cancelledAt === undefined && isLineProvisioned(order, line, request.now, context.settings),
      )
      .map((line) => line.subscriptionId.toLowerCase()),
  );
  const added = lines.filter((line) => typeof line.parentSubscriptionId === "string");
  if (added.some((line) => !parents.has(String(line.parentSubscriptionId).toLowerCase()))) {
    return refused(refusals.addOnNotRelated());
  }
  if (added.some((line) => typeof line.offerId !== "string")) {
    return refused(refusals.invalidInput(["an add-on line needs its offerId"]));
  }
  for (const line of added) {
    order.lines.push({
      lineItemNumber: order.lines.length,
      offerId: String(line.offerId),
      quantity: typeof line.quantity === "number" && line.quantity > 0 ? line.quantity : 1,
      subscriptionId: context.ids.subscriptionId(),
      parentSubscriptionId: String(line.parentSubscriptionId),
      addedAt: request.now,
      details: pickDetails(line),
    });
  }
  return undefined;
}

/** A billing-cycle change and quantity changes; a body that changes nothing changes nothing. */
function change(
  order: StoredOrder,
  body: Json,
  lines: Json[],
  request: ServiceRequest,
  context: ServiceContext,
) {
  const status = orderStatus(order, request.now, context.settings);
  const targets = lines.map((line) => lineNumbered(order, line.lineItemNumber));
  if (targets.some((line) => line === undefined)) return refused(refusals.lineItemNumbers());
  const newCycle =
    typeof body.billingCycle === "string" ? normalizeBillingCycle(body.billingCycle) : undefined;
  const cycleChanges = newCycle !== undefined && newCycle !== order.billingCycle;
  const quantityChanges = lines.filter((line, index) => {
    const target = targets[index] as StoredLine;
    return typeof line.quantity === "number" && line.quantity !== target.quantity;
  });
  if ((cycleChanges || quantityChanges.length > 0) && status !== "completed") {
    return refused(refusals.subscriptionsNotActive());
  }
  if (newCycle !== undefined) order.billingCycle = newCycle;
  for (const line of quantityChanges) {
    const target = lineNumbered(order, line.lineItemNumber) as StoredLine;
    target.quantity = line.quantity as number;
  }
  return undefined;
}
