/**
 * Readable names for the generated OpenAPI types, request types without the properties the service
 * owns, and known values of the open enumerations (the service adds values over time, so every
 * status-like property stays a plain string).
 */
import type { components } from "../generated/schema.js";

type Schemas = components["schemas"];

export type Order = Schemas["Order"];
export type OrderLineItem = Schemas["OrderLineItem"];
export type OrderCollection = Schemas["OrderCollection"];
export type OrderLinks = Schemas["OrderLinks"];
export type OrderLineItemLinks = Schemas["OrderLineItemLinks"];
export type Link = Schemas["Link"];
export type ResourceAttributes = Schemas["ResourceAttributes"];
export type Pricing = Schemas["Pricing"];
export type RenewsTo = Schemas["RenewsTo"];
export type PurchaseCommitment = Schemas["PurchaseCommitment"];
export type ProvisioningContext = Schemas["ProvisioningContext"];
export type ClientContext = Schemas["ClientContext"];
export type OrderCreateRequest = Schemas["OrderCreateRequest"];
export type OrderLineItemCreateRequest = Schemas["OrderLineItemCreateRequest"];
export type OrderUpdateRequest = Schemas["OrderUpdateRequest"];
export type OrderLineItemUpdateRequest = Schemas["OrderLineItemUpdateRequest"];
export type OrderLineItemProvisioningStatus = Schemas["OrderLineItemProvisioningStatus"];
export type QuantityProvisioningStatus = Schemas["QuantityProvisioningStatus"];
export type OrderLineItemActivationLink = Schemas["OrderLineItemActivationLink"];
export type OrderAttachment = Schemas["OrderAttachment"];
export type AttachmentMetadata = Schemas["AttachmentMetadata"];
export type ErrorResponse = Schemas["ErrorResponse"];
export type ThrottlingError = Schemas["ThrottlingError"];

/** Properties of a new order the service assigns; sending them fails or is ignored. */
type ServerOwnedOrderKeys = "id" | "status" | "creationDate" | "links";

/** A line item to buy. `lineItemNumber` may be left out on every line: it is then the line's index. */
export type CreateOrderLineItemInput = Omit<
  OrderLineItemCreateRequest,
  "lineItemNumber" | "parentSubscriptionId"
> & {
  lineItemNumber?: number;
};

/** A new order, as `orders.create` accepts it. */
export type CreateOrderInput = Omit<OrderCreateRequest, ServerOwnedOrderKeys | "lineItems"> & {
  lineItems: CreateOrderLineItemInput[];
};

/** Properties of an order the service owns; the wire format tolerates them echoed back, the client does not. */
type ServerOwnedOnUpdateKeys =
  | "creationDate"
  | "links"
  | "alternateId"
  | "currencyCode"
  | "currencySymbol"
  | "transactionType"
  | "totalPrice"
  | "client";
type ServerOwnedLineItemKeys = "links" | "transactionType" | "pricing";

/** A line item in a change to an order. */
export type UpdateOrderLineItemInput = Omit<OrderLineItemUpdateRequest, ServerOwnedLineItemKeys>;

/** A change to an order, as `orders.update` accepts it: only what the caller may change. */
export type UpdateOrderInput = Omit<OrderUpdateRequest, ServerOwnedOnUpdateKeys | "lineItems"> & {
  lineItems?: UpdateOrderLineItemInput[];
};

/** Documented order states. `status` is an open string: compare against these, expect others. */
export const KnownOrderStatus = {
  Unknown: "unknown",
  Pending: "pending",
  Completed: "completed",
  Cancelled: "cancelled",
  Suspended: "suspended",
  PendingReview: "pending_review",
  PendingPoUpload: "pending_po_upload",
  PoUploadComplete: "po_upload_complete",
  PoReviewRejected: "po_review_rejected",
  PartialSuccess: "partial_success",
  Error: "error",
} as const;

/** Documented line-item provisioning states. The service's spelling varies (`fulfilled`): compare case-insensitively. */
export const KnownProvisioningStatus = {
  Fulfilled: "Fulfilled",
  Unfulfilled: "Unfulfilled",
  PrefulfillmentPending: "PrefulfillmentPending",
} as const;

/** Documented billing cycles, as the service sends them. */
export const KnownBillingCycle = {
  Monthly: "monthly",
  Annual: "annual",
  Triennial: "triennial",
  Biennial: "biennial",
  OneTime: "one_time",
  None: "none",
  Unknown: "unknown",
} as const;

/** Who placed an order. */
export const KnownOrderTransactionType = {
  UserPurchase: "UserPurchase",
  SystemPurchase: "SystemPurchase",
  SystemBilling: "SystemBilling",
} as const;

/** Kinds of order attachment. */
export const KnownAttachmentType = {
  PurchaseOrder: "POAttachment",
  Tender: "TenderAttachment",
} as const;

/** Partner Center API roots (including `/v1`). */
export const KnownEndpoints = {
  Global: "https://api.partnercenter.microsoft.com/v1",
  China: "https://partner.partnercenterapi.microsoftonline.cn/v1",
} as const;
