/** How orders and provisioning statuses look in `--output table`. JSON output prints them unchanged. */
import { isProvisioningSettled, type Order, type OrderLineItemProvisioningStatus } from "../index.js";
import type { Style } from "./style.js";
import { renderFields, renderTable } from "./table.js";

export function colourStatus(status: string | undefined | null, style: Style): string {
  const text = status ?? "";
  const word = text.toLowerCase();
  if (word === "completed" || word === "fulfilled") return style.green(text);
  if (word === "cancelled" || word === "error" || word === "unfulfilled" || word.includes("rejected"))
    return style.red(text);
  return style.yellow(text);
}

function price(order: Order): string | undefined {
  if (order.totalPrice === undefined || order.totalPrice === null) return undefined;
  return `${order.totalPrice}${order.currencyCode ? ` ${order.currencyCode}` : ""}`;
}

export function formatOrder(order: Order, style: Style): string {
  const fields = renderFields(
    [
      ["Order", order.id],
      ["Customer", order.referenceCustomerId],
      ["Status", colourStatus(order.status, style)],
      ["Billing", order.billingCycle],
      ["Created", order.creationDate],
      ["Total price", price(order)],
    ],
    style,
  );
  const lines = order.lineItems ?? [];
  if (lines.length === 0) return fields;
  const table = renderTable(
    ["LINE", "OFFER", "QUANTITY", "TERM", "FRIENDLY NAME", "SUBSCRIPTION"],
    lines.map((line) => [
      String(line.lineItemNumber ?? ""),
      line.offerId ?? "",
      String(line.quantity ?? ""),
      line.termDuration ?? "",
      line.friendlyName ?? "",
      line.subscriptionId ?? "",
    ]),
    style,
  );
  return `${fields}\n${table}`;
}

export function formatOrderList(orders: readonly Order[], style: Style): string {
  if (orders.length === 0) return "No orders.\n";
  const withPrice = orders.some((order) => price(order) !== undefined);
  const headers = ["ORDER", "STATUS", "BILLING", "CREATED", "LINES", ...(withPrice ? ["TOTAL PRICE"] : [])];
  return renderTable(
    headers,
    orders.map((order) => [
      order.id,
      colourStatus(order.status, style),
      order.billingCycle ?? "",
      order.creationDate ?? "",
      String(order.lineItems?.length ?? 0),
      ...(withPrice ? [price(order) ?? ""] : []),
    ]),
    style,
  );
}

export function formatProvisioning(lines: readonly OrderLineItemProvisioningStatus[], style: Style): string {
  if (lines.length === 0) return "No line items reported yet.\n";
  return renderTable(
    ["LINE", "STATUS", "QUANTITIES"],
    lines.map((line) => [
      String(line.lineItemNumber ?? ""),
      colourStatus(line.status, style),
      (line.quantityProvisioningInformation ?? [])
        .map((part) => `${part.quantity ?? "?"} ${part.status ?? ""}`.trim())
        .join(", "),
    ]),
    style,
  );
}

/** One line for progress output: `1 of 2 line items settled (0 Fulfilled, 1 PrefulfillmentPending)`. */
export function summarizeProvisioning(lines: readonly OrderLineItemProvisioningStatus[]): string {
  if (lines.length === 0) return "no line items reported yet";
  const settled = lines.filter((line) => isProvisioningSettled(line.status)).length;
  const each = lines.map((line) => `${line.lineItemNumber ?? "?"} ${line.status ?? "unknown"}`).join(", ");
  return `${settled} of ${lines.length} line items settled (${each})`;
}
