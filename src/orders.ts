/**
 * `client.orders`: the Orders API as methods. Each method copies and checks its arguments once, then
 * runs one typed openapi-fetch call (see operation.ts) through the shared pipeline (see
 * pipeline/pipeline.ts). Every list method returns the same PagedAsyncIterableIterator (see #list).
 */
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import {
  checkBoolean,
  checkDuration,
  checkGuid,
  checkHeaderValue,
  checkInteger,
  checkNonEmptyString,
  checkPathId,
  copyOwn,
} from "./arguments.js";
import { buildAttachmentForm, type UploadAttachmentInput } from "./attachments.js";
import type {
  CreateOrderInput,
  Order,
  OrderAttachment,
  OrderLineItemActivationLink,
  OrderLineItemProvisioningStatus,
  Subscription,
  UpdateOrderInput,
} from "./models.js";
import {
  type CallOptions,
  callBinary,
  callJson,
  type InvokeInit,
  type OperationContext,
  type OperationOptions,
  readCallOptions,
} from "./operation.js";
import {
  buildAddOnBody,
  buildCancelBody,
  buildCreateOrderBody,
  buildUpdateOrderBody,
  checkLineItemNumberList,
  type PurchaseAddOnInput,
} from "./order-bodies.js";
import { createPagedIterator, nextLinkQuery, type PagedAsyncIterableIterator } from "./paging.js";
import type { Clock } from "./pipeline/clock.js";
import { DEFAULT_MAX_WAIT_IN_MS, DEFAULT_POLL_INTERVAL_IN_MS, pollUntilProvisioned } from "./provisioning.js";

export type RawClient = Client<paths>;

export interface OrdersContext extends OperationContext {
  /** The typed client the wrappers call through (PlainRequest, the pipeline as fetch). */
  raw: RawClient;
  clock: Clock;
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

/** Options of every list method. */
export interface ListOptions extends OperationOptions {
  /** Stop with PartnerCenterError PAGING_ERROR after this many pages. Default 1000. */
  maxPages?: number;
}

export interface ListOrdersOptions extends ListOptions {
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

export interface ListActivationLinksOptions extends ListOptions {
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

export class OrdersClient {
  readonly #context: OrdersContext;

  constructor(context: OrdersContext) {
    this.#context = context;
  }

  /**
   * Places an order (201 Created; it usually starts `pending`). Retries reuse one MS-RequestId, so a
   * lost answer never buys twice; after a failure without an answer (statusCode 0: network, timeout,
   * abort), retry with `requestId: error.requestId`.
   */
  async create(customerId: string, order: CreateOrderInput, options?: CreateOrderOptions): Promise<Order> {
    checkGuid(customerId, "customerId");
    const call = readCallOptions(options);
    const { customerUserUpn } = copyOwn(options ?? {}, "options", ["customerUserUpn"]);
    const body = buildCreateOrderBody(order);
    const upn =
      customerUserUpn === undefined
        ? undefined
        : checkHeaderValue(customerUserUpn, "options.customerUserUpn", UPN);
    return callJson(this.#context, "createOrder", call, (init) =>
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
    const call = readCallOptions(options);
    const includePrice =
      options === undefined
        ? undefined
        : checkBoolean(copyOwn(options, "options", ["includePrice"]).includePrice, "options.includePrice");
    return callJson(this.#context, "getOrder", call, (init) =>
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
    const own = copyOwn(options, "options", [
      "billingType",
      "indirectResellerId",
      "includePrice",
      "includeSystemPurchases",
    ]);
    if (
      own.billingType !== undefined &&
      !BILLING_TYPE.test(checkNonEmptyString(own.billingType, "options.billingType"))
    ) {
      throw new TypeError(
        "options.billingType must be 1 to 32 letters, digits or underscores, such as one_time.",
      );
    }
    if (own.indirectResellerId !== undefined)
      checkHeaderValue(own.indirectResellerId, "options.indirectResellerId");
    const query = {
      billingType: own.billingType as string | undefined,
      indirect_reseller_id: own.indirectResellerId as string | undefined,
      include_price: checkBoolean(own.includePrice, "options.includePrice"),
      include_system_purchases: checkBoolean(own.includeSystemPurchases, "options.includeSystemPurchases"),
    };
    return this.#list("listOrders", `/customers/${customerId}/orders`, options, (init, next) =>
      this.#context.raw.GET(ORDERS, { ...init, params: { path: { customerId }, query }, ...withQuery(next) }),
    );
  }

  /** The subscriptions the order created (read them once it is provisioned), following `links.next`. */
  listSubscriptions(
    customerId: string,
    orderId: string,
    options: ListOptions = {},
  ): PagedAsyncIterableIterator<Subscription> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    return this.#list(
      "listOrderSubscriptions",
      `/customers/${customerId}/subscriptions`,
      options,
      (init, next) =>
        this.#context.raw.GET("/customers/{customerId}/subscriptions", {
          ...init,
          params: { path: { customerId }, query: { order_id: orderId } },
          ...withQuery(next),
        }),
    );
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
    const call = readCallOptions(options);
    const body = buildUpdateOrderBody(orderId, patch);
    return this.#patch(customerId, orderId, body, call);
  }

  /**
   * Cancels the order, or only `lineItemNumbers`. Only some purchases can be cancelled this way (see the
   * service's rules); the answer is the order as it now is.
   */
  async cancel(customerId: string, orderId: string, options: CancelOrderOptions = {}): Promise<Order> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    const call = readCallOptions(options);
    const { lineItemNumbers } = copyOwn(options, "options", ["lineItemNumbers"]);
    const numbers =
      lineItemNumbers === undefined
        ? undefined
        : checkLineItemNumberList(lineItemNumbers, "options.lineItemNumbers");
    // The GET that reads the offer ids is its own call, with its own request id.
    const current =
      numbers === undefined
        ? undefined
        : await this.get(customerId, orderId, { ...call, requestId: undefined });
    const body = buildCancelBody(orderId, numbers, current);
    return this.#patch(customerId, orderId, body, call);
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
    const call = readCallOptions(options);
    return this.#patch(customerId, parentOrderId, buildAddOnBody(customerId, addOn), call);
  }

  /** The provisioning state of each line item. */
  async getProvisioningStatus(
    customerId: string,
    orderId: string,
    options?: OperationOptions,
  ): Promise<OrderLineItemProvisioningStatus[]> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    const collection = await callJson(
      this.#context,
      "getOrderProvisioningStatus",
      readCallOptions(options),
      (init) =>
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
    const call = readCallOptions(options);
    const own = copyOwn(options, "options", ["pollIntervalInMs", "maxWaitInMs"]);
    const pollIntervalInMs = checkDuration(
      own.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_IN_MS,
      "options.pollIntervalInMs",
    );
    const maxWaitInMs = checkDuration(own.maxWaitInMs ?? DEFAULT_MAX_WAIT_IN_MS, "options.maxWaitInMs");
    const poll = { ...call, requestId: undefined };
    return pollUntilProvisioned(() => this.getProvisioningStatus(customerId, orderId, poll), {
      pollIntervalInMs,
      maxWaitInMs,
      abortSignal: call.abortSignal,
      clock: this.#context.clock,
    });
  }

  /** Activation links (marketplace SaaS) of the whole order, or of one line item. */
  listActivationLinks(
    customerId: string,
    orderId: string,
    options: ListActivationLinksOptions = {},
  ): PagedAsyncIterableIterator<OrderLineItemActivationLink> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    const { lineItemNumber } = copyOwn(options, "options", ["lineItemNumber"]);
    if (lineItemNumber === undefined) {
      return this.#list(
        "listOrderActivationLinks",
        `/customers/${customerId}/orders/${orderId}/activationlinks`,
        options,
        (init, next) =>
          this.#context.raw.GET(`${ORDER}/activationlinks`, {
            ...init,
            params: { path: { customerId, orderId } },
            ...withQuery(next),
          }),
      );
    }
    const line = checkInteger(lineItemNumber, "options.lineItemNumber", 0);
    return this.#list(
      "listOrderLineItemActivationLinks",
      `/customers/${customerId}/orders/${orderId}/lineitems/${line}/activationlinks`,
      options,
      (init, next) =>
        this.#context.raw.GET(`${ORDER}/lineitems/{lineItemNumber}/activationlinks`, {
          ...init,
          params: { path: { customerId, orderId, lineItemNumber: line } },
          ...withQuery(next),
        }),
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
    const call = readCallOptions(options);
    const form = buildAttachmentForm(attachment);
    const collection = await callJson(this.#context, "uploadOrderAttachment", call, (init) =>
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

  listAttachments(
    customerId: string,
    orderId: string,
    options: ListOptions = {},
  ): PagedAsyncIterableIterator<OrderAttachment> {
    checkGuid(customerId, "customerId");
    checkPathId(orderId, "orderId");
    return this.#list(
      "listOrderAttachments",
      `/customers/${customerId}/orders/${orderId}/attachments`,
      options,
      (init, next) =>
        this.#context.raw.GET(`${ORDER}/attachments`, {
          ...init,
          params: { path: { customerId, orderId } },
          ...withQuery(next),
        }),
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
    const { content, headers } = await callBinary(this.#context, readCallOptions(options), (init) =>
      this.#context.raw.GET(`${ORDER}/attachment/{attachmentId}`, {
        ...init,
        headers: { ...init.headers, Accept: "*/*" },
        params: { path: { customerId, orderId, attachmentId } },
        parseAs: "stream",
      }),
    );
    return {
      content,
      contentType: headers["content-type"],
      fileName: fileNameOf(headers["content-disposition"] ?? null),
    };
  }

  #patch(customerId: string, orderId: string, body: UpdateOrderInput, call: CallOptions): Promise<Order> {
    return callJson(this.#context, "updateOrder", call, (init) =>
      this.#context.raw.PATCH(ORDER, {
        ...init,
        params: { path: { customerId, orderId } },
        body: asCheckedBody(body),
      }),
    );
  }

  /**
   * Every list method: pages fetched as consumed, `links.next` checked to stay on `collectionPath`,
   * at most `maxPages`. Each page is its own logical call: `requestId` names the first page, later
   * pages get fresh ids; one correlation id ties the pages together.
   */
  #list<T>(
    operationId: string,
    collectionPath: string,
    options: ListOptions,
    getPage: (
      init: InvokeInit,
      nextQuery: string | undefined,
    ) => Promise<{ data?: { items?: T[]; links?: { next?: { uri: string } | null } }; response: Response }>,
  ): PagedAsyncIterableIterator<T> {
    const call = readCallOptions(options);
    const { maxPages } = copyOwn(options, "options", ["maxPages"]);
    if (maxPages !== undefined) checkInteger(maxPages, "options.maxPages", 1);
    // The pipeline picks the first page's correlation id (unless the caller did); later pages reuse it.
    let correlationId = call.correlationId;
    return createPagedIterator<T>(
      async (nextLink) => {
        const next =
          nextLink === undefined
            ? undefined
            : nextLinkQuery(nextLink, this.#context.endpoint, collectionPath);
        const pageCall = {
          ...call,
          correlationId,
          requestId: nextLink === undefined ? call.requestId : undefined,
        };
        const page = await callJson(
          this.#context,
          operationId,
          pageCall,
          (init) => getPage(init, next),
          (answered) => {
            correlationId ??= answered.correlationId;
          },
        );
        return { items: page.items ?? [], nextLink: page.links?.next?.uri };
      },
      maxPages as number | undefined,
    );
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
