/**
 * Bodies the benchmark servers answer with. The order is the spec's NewCommerceOrderCompleted example
 * grown to two priced line items (~2 KB of JSON, the size of a typical real order), with ids varied per
 * order so a list is not one string repeated (which would flatter JSON.parse and the validator's caches).
 */
import { readFileSync } from "node:fs";

const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
const template = spec.components.examples.NewCommerceOrderCompleted.value;

export const CUSTOMER_ID = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";

/** A GUID-shaped tenant id per index, so many tenants can share one server. */
export function tenantId(index) {
  return `${index.toString(16).padStart(8, "0")}-70f4-4e1e-9ff1-b2bfce8d9f04`;
}

/** The id of the order at `index`: 12 hex characters, like current orders. */
export function orderId(index) {
  return (0x5cf72f140000 + index).toString(16);
}

/** A realistic completed new-commerce order for `customerId`. */
export function makeOrder(index = 0, customerId = CUSTOMER_ID) {
  const order = structuredClone(template);
  const id = orderId(index);
  const self = `/customers/${customerId}/orders/${id}`;
  order.id = id;
  order.alternateId = id;
  order.referenceCustomerId = customerId;
  order.totalPrice = 360 + index;
  const first = order.lineItems[0];
  first.pricing = { listPrice: 6, discountedPrice: 6, proratedPrice: 6, price: 6, extendedPrice: 30 };
  first.links.subscription.uri = `/customers/${customerId}/subscriptions/${subscriptionId(index, 0)}`;
  first.subscriptionId = subscriptionId(index, 0);
  const second = structuredClone(first);
  second.lineItemNumber = 1;
  second.offerId = "CFQ7TTC0LH18:0001:CFQ7TTC0K971";
  second.friendlyName = "Contoso finance team";
  second.quantity = 12;
  second.subscriptionId = subscriptionId(index, 1);
  second.links.subscription.uri = `/customers/${customerId}/subscriptions/${second.subscriptionId}`;
  second.links.sku.uri = "/products/CFQ7TTC0LH18/skus/0001?country=US";
  second.pricing = {
    listPrice: 27.5,
    discountedPrice: 27.5,
    proratedPrice: 27.5,
    price: 27.5,
    extendedPrice: 330,
  };
  order.lineItems.push(second);
  order.links.self.uri = self;
  order.links.provisioningStatus.uri = `${self}/provisioningstatus`;
  order.links.patchOperation.uri = self;
  return order;
}

function subscriptionId(orderIndex, line) {
  return `${(orderIndex * 2 + line).toString(16).padStart(8, "0")}-3b64-4b5e-a8bd-7c5f1f3a9d02`;
}

/** One page of a customer's orders; `nextUri` (relative to the API root, as the service sends it) when more follow. */
export function makeOrderCollection(count, { customerId = CUSTOMER_ID, firstIndex = 0, nextUri } = {}) {
  const items = [];
  for (let i = 0; i < count; i++) items.push(makeOrder(firstIndex + i, customerId));
  const links = { self: { uri: `/customers/${customerId}/orders`, method: "GET", headers: [] } };
  if (nextUri !== undefined) links.next = { uri: nextUri, method: "GET", headers: [] };
  return { totalCount: count, items, links, attributes: { objectType: "Collection" } };
}
