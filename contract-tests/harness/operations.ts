/**
 * How each operation of the spec is reached through the public client (`client.orders.*`), and what the
 * client must hand back for a given success body. This is the one hand-written map in the suite: it is
 * the client's API, which the spec cannot know. A spec operation missing here fails the suite.
 */
import type { OperationOptions, PartnerCenterClient } from "../../src/index.js";
import { parameterExample, requestExamples } from "./spec.js";

type Json = Record<string, unknown>;

export interface CallContext {
  client: PartnerCenterClient;
  options: OperationOptions;
  /** Name of the response example being asked for; picks the request example of the same name, if any. */
  exampleName?: string;
}

/** What the client produced: a value, or the code of the client-side error it raised. */
export type Outcome = { value: unknown } | { rejectedWith: string | number | undefined };

export interface OperationAdapter {
  /** The client gives each page its own MS-RequestId, so a caller's `requestId` is not used (listOrders). */
  requestIdPerPage?: boolean;
  call(context: CallContext): Promise<unknown>;
  /** The value (or client-side rejection) the client must produce for the success `body` it received. */
  expected(body: unknown, bytes: Uint8Array, contentType: string | undefined): Outcome;
}

const customerId = String(parameterExample("customerId") ?? "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04");
const orderId = String(parameterExample("orderId") ?? "5cf72f146967");
const lineItemNumber = 0;
const attachmentId = "a1b2c3d4e5f6";

export const ids = { customerId, orderId, lineItemNumber, attachmentId };

/** Every item of a list method's iterator, as one array. */
export async function allItems<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function asObject(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function itemsOf(body: unknown): unknown[] {
  const items = asObject(body).items;
  return Array.isArray(items) ? items : [];
}

function nextLinkOf(body: unknown): string | undefined {
  const uri = asObject(asObject(asObject(body).links).next).uri;
  return typeof uri === "string" ? uri : undefined;
}

/**
 * The client collects small collections (activation links, attachments) into an array, following
 * `links.next` only to the same collection. A next link anywhere else must be refused, never followed.
 */
function collected(collectionPath: string) {
  return (body: unknown): Outcome => {
    const next = nextLinkOf(body);
    if (next === undefined) return { value: itemsOf(body) };
    const path = new URL(next, "http://host.invalid").pathname;
    if (path.replace(/\/+$/, "").toLowerCase() !== collectionPath.toLowerCase()) {
      return { rejectedWith: "PAGING_ERROR" };
    }
    return { value: itemsOf(body) }; // a same-collection link: the static examples never have one
  };
}

/** The request example named like the response example, else the first one. */
function requestExample(operationId: string, exampleName: string | undefined): Json {
  const examples = requestExamples(operationId);
  const chosen = examples.find((e) => e.name === exampleName) ?? examples[0];
  if (chosen === undefined) throw new Error(`${operationId} has no request example to send`);
  return structuredClone(asObject(chosen.value));
}

const orderPath = `/customers/${customerId}/orders/${orderId}`;

export const adapters: Record<string, OperationAdapter> = {
  createOrder: {
    call: ({ client, options, exampleName }) =>
      client.orders.create(customerId, requestExample("createOrder", exampleName) as never, options),
    expected: (body) => ({ value: body }),
  },
  listOrders: {
    requestIdPerPage: true,
    // The first page, as `byPage()` yields it: the items and the link to the next page.
    async call({ client, options }) {
      const pages = client.orders.list(customerId, options).byPage();
      const first = await pages.next();
      await pages.return?.();
      if (first.done) throw new Error("byPage() yielded no page");
      return { items: [...first.value], continuationToken: first.value.continuationToken };
    },
    expected: (body) => ({ value: { items: itemsOf(body), continuationToken: nextLinkOf(body) } }),
  },
  listOrderSubscriptions: {
    requestIdPerPage: true,
    // The first page, as `byPage()` yields it.
    async call({ client, options }) {
      const pages = client.orders.listSubscriptions(customerId, orderId, options).byPage();
      const first = await pages.next();
      await pages.return?.();
      if (first.done) throw new Error("byPage() yielded no page");
      return { items: [...first.value], continuationToken: first.value.continuationToken };
    },
    expected: (body) => ({ value: { items: itemsOf(body), continuationToken: nextLinkOf(body) } }),
  },
  getOrder: {
    call: ({ client, options }) => client.orders.get(customerId, orderId, options),
    expected: (body) => ({ value: body }),
  },
  updateOrder: {
    call({ client, options, exampleName }) {
      const patch = requestExample("updateOrder", exampleName);
      // The documented bodies carry the order's id, which must be the id in the path.
      const target = typeof patch.id === "string" ? patch.id : orderId;
      return client.orders.update(customerId, target, patch as never, options);
    },
    expected: (body) => ({ value: body }),
  },
  getOrderProvisioningStatus: {
    call: ({ client, options }) => client.orders.getProvisioningStatus(customerId, orderId, options),
    expected: (body) => ({ value: itemsOf(body) }),
  },
  listOrderLineItemActivationLinks: {
    call: ({ client, options }) =>
      allItems(client.orders.listActivationLinks(customerId, orderId, { ...options, lineItemNumber })),
    expected: collected(`${orderPath}/lineitems/${lineItemNumber}/activationlinks`),
  },
  listOrderActivationLinks: {
    call: ({ client, options }) => allItems(client.orders.listActivationLinks(customerId, orderId, options)),
    expected: collected(`${orderPath}/activationlinks`),
  },
  uploadOrderAttachment: {
    call: ({ client, options }) =>
      client.orders.uploadAttachment(
        customerId,
        orderId,
        {
          metadata: { customerPrice: "1250.00", currency: "EUR" },
          purchaseOrderFiles: {
            fileName: "po-CON-2291.pdf",
            content: new TextEncoder().encode("%PDF-1.7 purchase order"),
            contentType: "application/pdf",
          },
        },
        options,
      ),
    expected: (body) => ({ value: itemsOf(body) }),
  },
  listOrderAttachments: {
    call: ({ client, options }) => allItems(client.orders.listAttachments(customerId, orderId, options)),
    expected: collected(`${orderPath}/attachments`),
  },
  downloadOrderAttachment: {
    async call({ client, options }) {
      const file = await client.orders.downloadAttachment(customerId, orderId, attachmentId, options);
      return { bytes: new Uint8Array(await file.content.arrayBuffer()), contentType: file.contentType };
    },
    expected: (_body, bytes, contentType) => ({ value: { bytes, contentType } }),
  },
};

export function adapterFor(operationId: string): OperationAdapter {
  const adapter = adapters[operationId];
  if (adapter === undefined) throw new Error(`no client call is mapped for operation ${operationId}`);
  return adapter;
}

export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Waits for a call either way, so the test can look at the wire before judging the result. */
export async function settle(promise: Promise<unknown>): Promise<Settled> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
