/**
 * `client.orders`: the Orders API as methods. Each method checks its arguments, then runs one typed
 * openapi-fetch call (see operation.ts) through the shared pipeline (see pipeline/pipeline.ts).
 */
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import {
  checkBoolean,
  checkCommonOptions,
  checkDuration,
  checkGuid,
  checkHeaderValue,
  checkInteger,
  checkNonEmptyString,
  checkObject,
  checkPathId,
} from "./arguments.js";
import { buildAttachmentForm, type UploadAttachmentInput } from "./attachments.js";
import { PartnerCenterError } from "./errors.js";
import type {
  CreateOrderInput,
  Order,
  OrderAttachment,
  OrderLineItemActivationLink,
  OrderLineItemProvisioningStatus,
  Subscription,
  UpdateOrderInput,
} from "./models.js";
import { callBinary, callJson, type OperationContext, type OperationOptions } from "./operation.js";
import {
  buildAddOnBody,
  buildCancelBody,
  buildCreateOrderBody,
  buildUpdateOrderBody,
  checkLineItemNumberList,
  type PurchaseAddOnInput,
} from "./order-bodies.js";
import { createPagedIterator, nextLinkQuery, type PagedAsyncIterableIterator } from "./paging.js";
import { DEFAULT_MAX_WAIT_IN_MS, DEFAULT_POLL_INTERVAL_IN_MS, pollUntilProvisioned } from "./provisioning.js";

export type RawClient = Client<paths>;

export interface OrdersContext extends OperationContext {
  raw: RawClient;
  /** The API root, e.g. https://api.partnercenter.microsoft.com/v1. */
  endpoint: URL;
}

export interface CreateOrderOptions extends OperationOptions {
  /** Undocumented (SDK only): a user of the customer's tenant to assign the new licences to. */
  customerUserUpn?: string;
}

export interface GetOrderOptions extends OperationOptions {
  /** Include `totalPrice` and line-item `pricing`. */
  includePrice?: boolean;
}

export interface ListOrdersOptions extends OperationOptions {
  /** Only orders of this billing cycle, such as `monthly` or `one_time` (the service also takes `OneTime`). */
  billingType?: string;
  /** Only orders placed for this indirect reseller (its tenant id). */
  indirectResellerId?: string;
  includePrice?: boolean;
  includeSystemPurchases?: boolean;
}

export interface CancelOrderOptions extends OperationOptions {
  /**
   * Cancel only these line items. Their offer ids are read from the order first (a separate GET with its
   * own request id); `requestId` applies to the cancelling PATCH.
   */
  lineItemNumbers?: number[];
}

export interface WaitUntilProvisionedOptions extends OperationOptions {
  /** Pause between polls. Default 15 s (the Order resource allows 500 requests per minute per tenant). */
  pollIntervalInMs?: number;
  /** Give up after this long with PartnerCenterError PROVISIONING_TIMEOUT. Default 15 minutes. */
  maxWaitInMs?: number;
}

export interface ListActivationLinksOptions extends OperationOptions {
  /** Only the links of this line item. */
  lineItemNumber?: number;
}

export interface DownloadedAttachment {
  content: Blob;
  contentType: string | undefined;
  /** From Content-Disposition, when the service names the file. */
  fileName: string | undefined;
}

const ORDERS = "/customers/{customerId}/orders";
const ORDER = "/customers/{customerId}/orders/{orderId}";
const BILLING_TYPE = /^[A-Za-z0-9_]{1,32}$/;
const UPN = /^[^@\s]+@[^@\s]+$/;
/** Collections returned as arrays are small; following more links than this means something is wrong. */
const MAX_PAGES_COLLECTED = 100;

export class OrdersClient {
  readonly #context: OrdersContext;

  constructor(context: OrdersContext) {
    this.#context = context;
  }

  /**
   * Places an order (201 Created; it usually starts `pending`). Retries reuse one MS-RequestId, so a
   * lost answer never buys twice; after a statusCode 0 failure, retry with `requestId: error.requestId`.
   */
  async create(customerId: string, order: CreateOrderInput, options?: CreateOrderOptions): Promise<Order> {
    checkGuid(customerId, "customerId");
    const body = buildCreateOrderBody(order);
    const upn =
      options?.customerUserUpn === undefined
        ? undefined
        : checkHeaderValue(options.customerUserUpn, "options.customerUserUpn", UPN);
    return callJson(this.#context, "createOrder", options, (init) =>
      this.#context.raw.POST(ORDERS, {
        ...init,
        params: {
          path: { customerId },
          header: upn === undefined ? undefined : { "x-ms-customeruser-upn": upn },
        },
        body: asCheckedBody(body),
      }),
    );
  }

  async get(customerId: string, orderId: string, options?: GetOrderOptions): Promise<Order> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    const includePrice = checkBoolean(options?.includePrice, "options.includePrice");
    return callJson(this.#context, "getOrder", options, (init) =>
      this.#context.raw.GET(ORDER, {
        ...init,
        params: {
          path: { customerId, orderId },
          query: includePrice === undefined ? undefined : { include_price: includePrice },
        },
      }),
    );
  }

  /** The customer's orders, following `links.next` whenever the service pages them. */
  list(customerId: string, options: ListOrdersOptions = {}): PagedAsyncIterableIterator<Order> {
    checkGuid(customerId, "customerId");
    checkCommonOptions(options);
    if (
      options.billingType !== undefined &&
      !BILLING_TYPE.test(checkNonEmptyString(options.billingType, "options.billingType"))
    ) {
      throw new TypeError(
        "options.billingType must be 1 to 32 letters, digits or underscores, such as one_time.",
      );
    }
    if (options.indirectResellerId !== undefined) {
      checkHeaderValue(options.indirectResellerId, "options.indirectResellerId");
    }
    const query = {
      billingType: options.billingType,
      indirect_reseller_id: options.indirectResellerId,
      include_price: checkBoolean(options.includePrice, "options.includePrice"),
      include_system_purchases: checkBoolean(
        options.includeSystemPurchases,
        "options.includeSystemPurchases",
      ),
    };
    const { abortSignal, requestId, correlationId, timeoutInMs } = options;
    // Each page is its own logical call: `requestId` names the first page, later pages get fresh ids;
    // one correlation id ties the pages together.
    const sharedCorrelationId = correlationId ?? crypto.randomUUID();
    const pageOptions = (first: boolean) => ({
      abortSignal,
      correlationId: sharedCorrelationId,
      timeoutInMs,
      requestId: first ? requestId : undefined,
    });
    const collectionPath = `/customers/${customerId}/orders`;
    return createPagedIterator<Order>(async (nextLink) => {
      const next =
        nextLink === undefined ? undefined : nextLinkQuery(nextLink, this.#context.endpoint, collectionPath);
      const page = await callJson(this.#context, "listOrders", pageOptions(nextLink === undefined), (init) =>
        this.#context.raw.GET(ORDERS, {
          ...init,
          params: { path: { customerId }, query },
          ...withQuery(next),
        }),
      );
      return { items: page.items ?? [], nextLink: page.links?.next?.uri };
    });
  }

  /** The subscriptions the order created (read them once it is provisioned), following `links.next`. */
  listSubscriptions(
    customerId: string,
    orderId: string,
    options: OperationOptions = {},
  ): PagedAsyncIterableIterator<Subscription> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    checkCommonOptions(options);
    const collectionPath = `/customers/${customerId}/subscriptions`;
    return createPagedIterator<Subscription>(async (nextLink) => {
      const next =
        nextLink === undefined ? undefined : nextLinkQuery(nextLink, this.#context.endpoint, collectionPath);
      // Like `list`: `requestId` names the first page only; later pages are calls of their own.
      const pageOptions = nextLink === undefined ? options : { ...options, requestId: undefined };
      const page = await callJson(this.#context, "listOrderSubscriptions", pageOptions, (init) =>
        this.#context.raw.GET("/customers/{customerId}/subscriptions", {
          ...init,
          params: { path: { customerId }, query: { order_id: orderId } },
          ...withQuery(next),
        }),
      );
      return { items: page.items ?? [], nextLink: page.links?.next?.uri };
    });
  }

  /** Changes an order (add-on purchase, billing cycle, quantity, cancellation). */
  async update(
    customerId: string,
    orderId: string,
    patch: UpdateOrderInput,
    options?: OperationOptions,
  ): Promise<Order> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    const body = buildUpdateOrderBody(orderId, patch);
    return this.#patch(customerId, orderId, body, options);
  }

  /**
   * Cancels the order, or only `lineItemNumbers`. Only some purchases can be cancelled this way (see the
   * service's rules); the answer is the order as it now is.
   */
  async cancel(customerId: string, orderId: string, options: CancelOrderOptions = {}): Promise<Order> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    checkObject(options, "options");
    const { lineItemNumbers, requestId, ...rest } = options;
    const numbers =
      lineItemNumbers === undefined
        ? undefined
        : checkLineItemNumberList(lineItemNumbers, "options.lineItemNumbers");
    const current = numbers === undefined ? undefined : await this.get(customerId, orderId, rest);
    const body = buildCancelBody(orderId, numbers, current);
    return this.#patch(customerId, orderId, body, { ...rest, requestId });
  }

  /** Buys an add-on for `parentSubscriptionId` by adding a line to the order that bought the parent. */
  async purchaseAddOn(
    customerId: string,
    parentOrderId: string,
    addOn: PurchaseAddOnInput,
    options?: OperationOptions,
  ): Promise<Order> {
    checkGuid(customerId, "customerId");
    checkPathId(parentOrderId, "parentOrderId");
    return this.#patch(customerId, parentOrderId, buildAddOnBody(customerId, addOn), options);
  }

  /** The provisioning state of each line item. */
  async getProvisioningStatus(
    customerId: string,
    orderId: string,
    options?: OperationOptions,
  ): Promise<OrderLineItemProvisioningStatus[]> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    const collection = await callJson(this.#context, "getOrderProvisioningStatus", options, (init) =>
      this.#context.raw.GET(`${ORDER}/provisioningstatus`, {
        ...init,
        params: { path: { customerId, orderId } },
      }),
    );
    return collection.items ?? [];
  }

  /**
   * Polls the provisioning status until every line item is fulfilled or unfulfilled, and resolves with
   * the final statuses. Each poll is a separate call (own request id; `timeoutInMs` applies per poll).
   */
  async waitUntilProvisioned(
    customerId: string,
    orderId: string,
    options: WaitUntilProvisionedOptions = {},
  ): Promise<OrderLineItemProvisioningStatus[]> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    checkObject(options, "options");
    const {
      pollIntervalInMs = DEFAULT_POLL_INTERVAL_IN_MS,
      maxWaitInMs = DEFAULT_MAX_WAIT_IN_MS,
      requestId: _fixed,
      ...poll
    } = options;
    checkDuration(pollIntervalInMs, "options.pollIntervalInMs");
    checkDuration(maxWaitInMs, "options.maxWaitInMs");
    return pollUntilProvisioned(() => this.getProvisioningStatus(customerId, orderId, poll), {
      pollIntervalInMs,
      maxWaitInMs,
      abortSignal: options.abortSignal,
      clock: this.#context.clock,
    });
  }

  /** Activation links (marketplace SaaS) of the whole order, or of one line item. */
  async listActivationLinks(
    customerId: string,
    orderId: string,
    options: ListActivationLinksOptions = {},
  ): Promise<OrderLineItemActivationLink[]> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    checkObject(options, "options");
    const { lineItemNumber, ...rest } = options;
    if (lineItemNumber === undefined) {
      return this.#collect(`/customers/${customerId}/orders/${orderId}/activationlinks`, (query) =>
        callJson(this.#context, "listOrderActivationLinks", rest, (init) =>
          this.#context.raw.GET(`${ORDER}/activationlinks`, {
            ...init,
            params: { path: { customerId, orderId } },
            ...withQuery(query),
          }),
        ),
      );
    }
    checkInteger(lineItemNumber, "options.lineItemNumber", 0);
    return this.#collect(
      `/customers/${customerId}/orders/${orderId}/lineitems/${lineItemNumber}/activationlinks`,
      (query) =>
        callJson(this.#context, "listOrderLineItemActivationLinks", rest, (init) =>
          this.#context.raw.GET(`${ORDER}/lineitems/{lineItemNumber}/activationlinks`, {
            ...init,
            params: { path: { customerId, orderId, lineItemNumber } },
            ...withQuery(query),
          }),
        ),
    );
  }

  /**
   * Uploads the customer's purchase order (and tender documents) for an order in `pending_po_upload`;
   * resolves with the attachments now stored.
   */
  async uploadAttachment(
    customerId: string,
    orderId: string,
    attachment: UploadAttachmentInput,
    options?: OperationOptions,
  ): Promise<OrderAttachment[]> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    const form = buildAttachmentForm(attachment);
    const collection = await callJson(this.#context, "uploadOrderAttachment", options, (init) =>
      this.#context.raw.POST(`${ORDER}/attachment`, {
        ...init,
        params: { path: { customerId, orderId } },
        // The generated type describes the parts; the wire form is FormData, which openapi-fetch sends as is.
        body: form as never,
        bodySerializer: () => form,
      }),
    );
    return collection.items ?? [];
  }

  async listAttachments(
    customerId: string,
    orderId: string,
    options?: OperationOptions,
  ): Promise<OrderAttachment[]> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    return this.#collect(`/customers/${customerId}/orders/${orderId}/attachments`, (query) =>
      callJson(this.#context, "listOrderAttachments", options, (init) =>
        this.#context.raw.GET(`${ORDER}/attachments`, {
          ...init,
          params: { path: { customerId, orderId } },
          ...withQuery(query),
        }),
      ),
    );
  }

  async downloadAttachment(
    customerId: string,
    orderId: string,
    attachmentId: string,
    options?: OperationOptions,
  ): Promise<DownloadedAttachment> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    checkPathId(attachmentId, "attachmentId");
    const response = await callBinary(this.#context, options, (init) =>
      this.#context.raw.GET(`${ORDER}/attachment/{attachmentId}`, {
        ...init,
        headers: { ...init.headers, Accept: "*/*" },
        params: { path: { customerId, orderId, attachmentId } },
        parseAs: "stream",
      }),
    );
    return {
      content: await response.blob(),
      contentType: response.headers.get("content-type") ?? undefined,
      fileName: fileNameOf(response.headers.get("content-disposition")),
    };
  }

  #patch(
    customerId: string,
    orderId: string,
    body: UpdateOrderInput,
    options: OperationOptions | undefined,
  ): Promise<Order> {
    return callJson(this.#context, "updateOrder", options, (init) =>
      this.#context.raw.PATCH(ORDER, {
        ...init,
        params: { path: { customerId, orderId } },
        body: asCheckedBody(body),
      }),
    );
  }

  /** Reads every page of a small collection into one array (bounded by MAX_PAGES_COLLECTED). */
  async #collect<T>(
    collectionPath: string,
    fetchPage: (
      query: string | undefined,
    ) => Promise<{ items?: T[]; links?: { next?: { uri: string } | null } }>,
  ): Promise<T[]> {
    const all: T[] = [];
    let pages = 0;
    const iterator = createPagedIterator<T>(async (nextLink) => {
      if (++pages > MAX_PAGES_COLLECTED) {
        throw new PartnerCenterError(
          `${collectionPath} has more than ${MAX_PAGES_COLLECTED} pages; stopped collecting.`,
          {
            statusCode: 200,
            code: PartnerCenterError.PAGING_ERROR,
          },
        );
      }
      const query =
        nextLink === undefined ? undefined : nextLinkQuery(nextLink, this.#context.endpoint, collectionPath);
      const page = await fetchPage(query);
      return { items: page.items ?? [], nextLink: page.links?.next?.uri };
    });
    for await (const page of iterator.byPage()) all.push(...page);
    return all;
  }
}

/**
 * openapi-fetch's Writable<> turns properties typed `null` (server-owned ones the spec lets clients send
 * as null) into `undefined`; the bodies were already checked by order-bodies.ts, so only the type changes.
 */
function asCheckedBody<T>(body: T): never {
  return body as never;
}

/** A next link's query replaces the serialized parameters: the service's link says what the page is. */
function withQuery(query: string | undefined): { querySerializer?: () => string } {
  return query === undefined ? {} : { querySerializer: () => query };
}

function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const encoded = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain form
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1]?.trim();
}
