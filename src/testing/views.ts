/**
 * The stored state as the spec's resources (Order, OrderLineItem, collections, ...). Links are relative
 * and omit `/v1`, as the service writes them. Every view leaves here as a fresh object.
 */
import {
  isLineProvisioned,
  type LifeCycleSettings,
  lineProvisioningStatus,
  orderStatus,
} from "./life-cycle.js";
import type { StoredAttachment, StoredLine, StoredOrder } from "./state.js";

type Json = Record<string, unknown>;

export interface ViewContext {
  now: number;
  settings: LifeCycleSettings;
  includePrice: boolean;
}

export function link(uri: string, method = "GET"): Json {
  return { uri, method, headers: [] };
}

export function collection(items: unknown[], objectType: string, self: string, next?: string): Json {
  return {
    totalCount: items.length,
    items,
    links: next === undefined ? { self: link(self) } : { self: link(self), next: link(next) },
    attributes: { objectType },
  };
}

export function orderPath(order: StoredOrder): string {
  return `/customers/${order.customerId}/orders/${order.id}`;
}

export function orderView(order: StoredOrder, context: ViewContext): Json {
  const path = orderPath(order);
  const view: Json = {
    id: order.id,
    alternateId: order.id,
    referenceCustomerId: order.referenceCustomerId ?? order.customerId,
    billingCycle: order.billingCycle,
    transactionType: order.transactionType,
    lineItems: order.lines.map((line) => lineView(order, line, context)),
    currencyCode: order.currencyCode,
    currencySymbol: order.currencySymbol,
    creationDate: new Date(order.createdAt).toISOString(),
    status: orderStatus(order, context.now, context.settings),
    links: {
      self: link(path),
      provisioningStatus: link(`${path}/provisioningstatus`),
      patchOperation: link(path, "PATCH"),
    },
    client: {},
    attributes: { objectType: "Order" },
  };
  if (context.includePrice) {
    const total = order.lines.reduce((sum, line) => sum + extendedPrice(line), 0);
    view.totalPrice = round(total);
  }
  return view;
}

function lineView(order: StoredOrder, line: StoredLine, context: ViewContext): Json {
  const provisioned = isLineProvisioned(order, line, context.now, context.settings);
  const path = orderPath(order);
  const view: Json = {
    lineItemNumber: line.lineItemNumber,
    offerId: line.offerId,
    ...line.details,
    quantity: line.quantity,
    transactionType: "New",
    links: {
      provisioningStatus: link(`${path}/provisioningstatus`),
      activationLinks: link(`${path}/lineitems/${line.lineItemNumber}/activationlinks`),
      ...(provisioned
        ? { subscription: link(`/customers/${order.customerId}/subscriptions/${line.subscriptionId}`) }
        : {}),
    },
  };
  if (provisioned || line.cancelledAt !== undefined) view.subscriptionId = line.subscriptionId;
  if (line.parentSubscriptionId !== undefined) view.parentSubscriptionId = line.parentSubscriptionId;
  if (context.includePrice) {
    const unit = unitPrice(line.offerId);
    view.pricing = {
      listPrice: unit,
      discountedPrice: unit,
      price: unit,
      extendedPrice: extendedPrice(line),
    };
  }
  return view;
}

export function provisioningView(order: StoredOrder, context: ViewContext): Json {
  const items = order.lines.map((line, index) => {
    const status = lineProvisioningStatus(order, line, context.now, context.settings);
    return {
      lineItemNumber: line.lineItemNumber,
      orderLineItemId: index + 1,
      status,
      quantityProvisioningInformation: [{ quantity: line.quantity, status }],
      attributes: { objectType: "OrderLineItemProvisioningStatus" },
    };
  });
  return collection(items, "Collection", `${orderPath(order)}/provisioningstatus`);
}

/** Activation links exist for provisioned lines; the emulator's are placeholders, like the sandbox's. */
export function activationLinksView(
  order: StoredOrder,
  lines: StoredLine[],
  self: string,
  context: ViewContext,
): Json {
  const items = lines
    .filter((line) => isLineProvisioned(order, line, context.now, context.settings))
    .map((line) => ({
      lineItemNumber: line.lineItemNumber,
      link: link(`https://activation.emulator.invalid/${order.id}/${line.lineItemNumber}`),
      attributes: { objectType: "OrderLineItemActivationLink" },
    }));
  return collection(items, "Collection", self);
}

export function attachmentView(attachment: StoredAttachment): Json {
  return {
    attachmentId: attachment.attachmentId,
    fileName: attachment.fileName,
    sizeInKB: Math.ceil(attachment.bytes.byteLength / 1024),
    attachmentType: attachment.attachmentType,
    attributes: { objectType: "OrderAttachment" },
  };
}

export function attachmentsView(order: StoredOrder): Json {
  return collection(order.attachments.map(attachmentView), "Collection", `${orderPath(order)}/attachments`);
}

/** A subscription an order's provisioned line created. */
export function subscriptionView(order: StoredOrder, line: StoredLine, context: ViewContext): Json {
  const cancelled = line.cancelledAt !== undefined;
  return {
    id: line.subscriptionId,
    offerId: line.offerId,
    friendlyName: typeof line.details.friendlyName === "string" ? line.details.friendlyName : line.offerId,
    quantity: line.quantity,
    status: cancelled ? "deleted" : "active",
    orderId: order.id,
    billingCycle: order.billingCycle,
    creationDate: new Date(line.addedAt + context.settings.provisioningDelayInMs).toISOString(),
    ...(line.parentSubscriptionId === undefined ? {} : { parentSubscriptionId: line.parentSubscriptionId }),
    links: { self: link(`/customers/${order.customerId}/subscriptions/${line.subscriptionId}`) },
    attributes: { objectType: "Subscription" },
  };
}

/** A made-up but stable price per offer, so `include_price` has something to show. */
function unitPrice(offerId: string): number {
  let hash = 0;
  for (const char of offerId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return round(4 + (hash % 3600) / 100);
}

function extendedPrice(line: StoredLine): number {
  return line.cancelledAt === undefined ? round(unitPrice(line.offerId) * line.quantity) : 0;
}

function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}
