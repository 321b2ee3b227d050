/**
 * Request bodies of the order operations, built from what the caller passed and checked on the way.
 * Each input is copied once as plain data (copyJson), then checked; the copy is what is sent, so a
 * getter cannot pass the check with one value and send another. Never mutates the caller's objects.
 */
import {
  checkAbsent,
  checkGuid,
  checkInteger,
  checkLineItemCount,
  checkLineItemNumbers,
  checkNonEmptyString,
  checkObject,
  copyJson,
} from "./arguments.js";
import type {
  CreateOrderInput,
  CreateOrderLineItemInput,
  Order,
  OrderCreateRequest,
  UpdateOrderInput,
} from "./models.js";

export function buildCreateOrderBody(input: CreateOrderInput): OrderCreateRequest {
  const order = checkObject(copyJson(input, "order"), "order");
  checkAbsent(
    order,
    ["id", "status", "creationDate", "links"],
    "order",
    "the service assigns it (a status fails the order).",
  );
  if (!Array.isArray(order.lineItems)) throw new TypeError("order.lineItems must be an array of line items.");
  const lines = order.lineItems as unknown[];
  checkLineItemCount(lines.length, "order.lineItems");
  const numbered = lines.filter((line) => isObjectWith(line, "lineItemNumber")).length;
  if (numbered !== 0 && numbered !== lines.length) {
    throw new TypeError(
      "order.lineItems: give lineItemNumber on every line or on none (then it is the line's index).",
    );
  }
  const lineItems = lines.map((line, index): CreateOrderLineItemInput & { lineItemNumber: number } => {
    const where = `order.lineItems[${index}]`;
    const item = checkObject(line, where);
    checkAbsent(item, ["parentSubscriptionId"], where, "add-ons are bought with orders.purchaseAddOn.");
    checkNonEmptyString(item.offerId, `${where}.offerId`);
    if (item.quantity !== undefined) checkInteger(item.quantity, `${where}.quantity`, 1);
    const lineItemNumber =
      numbered === 0 ? index : checkInteger(item.lineItemNumber, `${where}.lineItemNumber`, 0);
    return { ...(item as CreateOrderLineItemInput), lineItemNumber };
  });
  checkLineItemNumbers(
    lineItems.map((line) => line.lineItemNumber),
    "order.lineItems",
  );
  if (order.referenceCustomerId !== undefined && order.referenceCustomerId !== null) {
    checkGuid(order.referenceCustomerId, "order.referenceCustomerId");
  }
  return { ...(order as Omit<OrderCreateRequest, "lineItems">), lineItems };
}

/** What the service owns on an order and its lines: the wire tolerates them echoed back, callers may not set them. */
const SERVER_OWNED_ON_UPDATE = [
  "creationDate",
  "links",
  "alternateId",
  "currencyCode",
  "currencySymbol",
  "transactionType",
  "totalPrice",
  "client",
];
const SERVER_OWNED_ON_LINE_ITEMS = ["links", "transactionType", "pricing"];

export function buildUpdateOrderBody(orderId: string, input: UpdateOrderInput): UpdateOrderInput {
  const patch = checkObject(copyJson(input, "patch"), "patch");
  if (Object.values(patch).every((value) => value === undefined)) {
    throw new TypeError("patch must set at least one property.");
  }
  checkAbsent(patch, SERVER_OWNED_ON_UPDATE, "patch", "the service owns it.");
  if (patch.status !== undefined && patch.status !== null && patch.status !== "cancelled") {
    throw new TypeError(
      `patch.status may only be "cancelled" (use orders.cancel), got ${JSON.stringify(patch.status)}.`,
    );
  }
  if (patch.id !== undefined && patch.id !== null && patch.id !== orderId) {
    throw new TypeError("patch.id must be the id of the order being updated.");
  }
  if (patch.referenceCustomerId !== undefined && patch.referenceCustomerId !== null) {
    checkGuid(patch.referenceCustomerId, "patch.referenceCustomerId");
  }
  if (patch.lineItems !== undefined) {
    if (!Array.isArray(patch.lineItems)) throw new TypeError("patch.lineItems must be an array.");
    checkLineItemCount(patch.lineItems.length, "patch.lineItems");
    const seen = new Set<number>();
    (patch.lineItems as unknown[]).forEach((line, index) => {
      const where = `patch.lineItems[${index}]`;
      const item = checkObject(line, where);
      checkAbsent(item, SERVER_OWNED_ON_LINE_ITEMS, where, "the service owns it.");
      const number = checkInteger(item.lineItemNumber, `${where}.lineItemNumber`, 0);
      if (seen.has(number)) throw new RangeError(`${where}.lineItemNumber ${number} appears twice.`);
      seen.add(number);
      if (item.offerId !== undefined) checkNonEmptyString(item.offerId, `${where}.offerId`);
      if (item.quantity !== undefined) checkInteger(item.quantity, `${where}.quantity`, 0);
    });
  }
  return { ...(patch as UpdateOrderInput) };
}

/**
 * `{id, status: "cancelled"}` cancels the whole order; with line numbers, only those lines, each named
 * with its offer id taken from the current order. Unknown line numbers throw RangeError.
 */
export function buildCancelBody(
  orderId: string,
  lineItemNumbers: readonly number[] | undefined,
  currentOrder: Order | undefined,
): UpdateOrderInput {
  if (lineItemNumbers === undefined) return { id: orderId, status: "cancelled" };
  const lines = currentOrder?.lineItems ?? [];
  const lineItems = lineItemNumbers.map((number) => {
    const line = lines.find((candidate) => candidate.lineItemNumber === number);
    if (!line || typeof line.offerId !== "string") {
      const known = lines.map((candidate) => candidate.lineItemNumber).join(", ") || "none";
      throw new RangeError(`Order ${orderId} has no line item ${number} (its line items: ${known}).`);
    }
    return { lineItemNumber: number, offerId: line.offerId };
  });
  return { id: orderId, status: "cancelled", lineItems };
}

export function checkLineItemNumberList(value: unknown, name: string): number[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array of line item numbers.`);
  checkLineItemCount(value.length, name);
  const numbers = value.map((n, index) => checkInteger(n, `${name}[${index}]`, 0));
  if (new Set(numbers).size !== numbers.length) throw new RangeError(`${name} lists a line item twice.`);
  return numbers;
}

export interface PurchaseAddOnInput {
  /** The subscription the add-on is for; its order is the one to update. */
  parentSubscriptionId: string;
  /** The add-on's offer id. */
  offerId: string;
  quantity: number;
}

export function buildAddOnBody(customerId: string, input: PurchaseAddOnInput): UpdateOrderInput {
  const addOn = checkObject(copyJson(input, "addOn"), "addOn");
  const parentSubscriptionId = checkNonEmptyString(addOn.parentSubscriptionId, "addOn.parentSubscriptionId");
  const offerId = checkNonEmptyString(addOn.offerId, "addOn.offerId");
  const quantity = checkInteger(addOn.quantity, "addOn.quantity", 1);
  return {
    referenceCustomerId: customerId,
    lineItems: [{ lineItemNumber: 0, offerId, quantity, parentSubscriptionId }],
  };
}

function isObjectWith(value: unknown, key: string): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[key] !== undefined;
}
