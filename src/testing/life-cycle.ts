/**
 * How an order moves on, computed from the service clock: an order starts `pending` (or
 * `pending_po_upload` for products that need the customer's purchase order), its line items'
 * provisioning goes `prefulfillmentPending` → `fulfilled` after the provisioning delay, and the order is
 * `completed` once every line is. Cancelled lines are `unfulfilled`; the order is `cancelled` when all are.
 */
import type { StoredLine, StoredOrder } from "./state.js";

export interface LifeCycleSettings {
  /** Service time from purchase (or purchase-order upload) to a provisioned line. */
  provisioningDelayInMs: number;
  /** Cancellation is allowed for this long after the order was created. */
  cancellationWindowInDays: number;
}

export const DEFAULT_LIFE_CYCLE: LifeCycleSettings = {
  provisioningDelayInMs: 5_000,
  cancellationWindowInDays: 7,
};

const DAY_IN_MS = 24 * 60 * 60 * 1000;

/** Offers that wait for a purchase order (the sandbox's Access and Excel LTSC 2021 products). */
const PURCHASE_ORDER_PRODUCTS = ["DG7GMGF0D7FV", "DG7GMGF0D7FT"];

export function needsPurchaseOrder(offerIds: string[]): boolean {
  return offerIds.some((offerId) =>
    PURCHASE_ORDER_PRODUCTS.some((product) => offerId.toUpperCase().startsWith(product)),
  );
}

export function lineProvisioningStatus(
  order: StoredOrder,
  line: StoredLine,
  now: number,
  settings: LifeCycleSettings,
): "fulfilled" | "unfulfilled" | "prefulfillmentPending" {
  if (line.cancelledAt !== undefined) return "unfulfilled";
  if (order.needsPurchaseOrder && order.purchaseOrderUploadedAt === undefined) return "prefulfillmentPending";
  const start = Math.max(line.addedAt, order.purchaseOrderUploadedAt ?? 0);
  return now >= start + settings.provisioningDelayInMs ? "fulfilled" : "prefulfillmentPending";
}

export function isLineProvisioned(
  order: StoredOrder,
  line: StoredLine,
  now: number,
  settings: LifeCycleSettings,
): boolean {
  return lineProvisioningStatus(order, line, now, settings) === "fulfilled";
}

export function orderStatus(order: StoredOrder, now: number, settings: LifeCycleSettings): string {
  const open = order.lines.filter((line) => line.cancelledAt === undefined);
  if (open.length === 0) return "cancelled";
  const provisioned = open.every((line) => isLineProvisioned(order, line, now, settings));
  if (order.needsPurchaseOrder && !provisioned) {
    return order.purchaseOrderUploadedAt === undefined ? "pending_po_upload" : "po_upload_complete";
  }
  return provisioned ? "completed" : "pending";
}

export function cancellationWindowClosed(
  order: StoredOrder,
  now: number,
  settings: LifeCycleSettings,
): boolean {
  return now > order.createdAt + settings.cancellationWindowInDays * DAY_IN_MS;
}
