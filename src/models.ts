/**
 * Readable names for the generated OpenAPI types, the client's own (strict) request types, and known
 * values of the open enumerations (the service adds values over time, so every status-like property
 * stays a plain string).
 *
 * The spec's request schemas describe what the service accepts: any casing, server-owned properties,
 * open enumerations. The client is stricter: its input types pick only the camelCase properties a
 * caller may set, with the values known to be valid.
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
/** Price details of an attachment upload, as the client sends them: camelCase, amounts as decimal strings. */
export type AttachmentMetadata = {
  customerPrice: string;
  currency: string;
  fxRate?: string;
  isPartOfTender?: boolean;
  tenderLink?: string;
};
export type ErrorResponse = Schemas["ErrorResponse"];
export type ThrottlingError = Schemas["ThrottlingError"];
export type Subscription = Schemas["Subscription"];
export type SubscriptionLinks = Schemas["SubscriptionLinks"];
export type SubscriptionCollection = Schemas["SubscriptionCollection"];

/** Billing cycles the client sends: the wire values and the SDK's member names the service accepts. */
export type BillingCycleInput =
  | "monthly"
  | "annual"
  | "triennial"
  | "one_time"
  | "none"
  | "unknown"
  | "Monthly"
  | "Annual"
  | "Triennial"
  | "OneTime"
  | "None"
  | "Unknown";

/** The hourly commitment of an Azure savings plan; every part is needed. */
export type PurchaseCommitmentInput = Required<
  Pick<Schemas["PurchaseCommitmentRequest"], "amount" | "currency" | "grain">
>;

/** What a caller may set on a line item to buy. */
type CreateLineItemKeys =
  | "quantity"
  | "friendlyName"
  | "termDuration"
  | "customTermEndDate"
  | "renewsTo"
  | "promotionId"
  | "partnerIdOnRecord"
  | "additionalPartnerIdsOnRecord"
  | "provisioningContext"
  | "attestationAccepted"
  | "subscriptionId"
  | "attributes";

/** A line item to buy. `lineItemNumber` may be left out on every line: it is then the line's index. */
export type CreateOrderLineItemInput = Pick<OrderLineItemCreateRequest, CreateLineItemKeys> & {
  offerId: string;
  lineItemNumber?: number;
  purchaseCommitment?: PurchaseCommitmentInput;
};

/** A new order, as `orders.create` accepts it: no server-owned properties, no add-ons. */
export type CreateOrderInput = Pick<
  OrderCreateRequest,
  "referenceCustomerId" | "partnerOnRecordAttestationAccepted" | "attributes"
> & {
  billingCycle?: BillingCycleInput;
  lineItems: CreateOrderLineItemInput[];
};

/** What a caller may set on a line item of a change. */
type UpdateLineItemKeys =
  | "offerId"
  | "subscriptionId"
  | "parentSubscriptionId"
  | "quantity"
  | "friendlyName"
  | "termDuration"
  | "partnerIdOnRecord"
  | "additionalPartnerIdsOnRecord"
  | "promotionId"
  | "attestationAccepted"
  | "customTermEndDate"
  | "renewsTo"
  | "provisioningContext"
  | "purchaseCommitment"
  | "attributes";

/** A line item in a change to an order. */
export type UpdateOrderLineItemInput = Pick<OrderLineItemUpdateRequest, UpdateLineItemKeys> & {
  lineItemNumber: number;
};

/** A change to an order, as `orders.update` accepts it: only what the caller may change. */
export type UpdateOrderInput = Pick<
  OrderUpdateRequest,
  "id" | "referenceCustomerId" | "partnerOnRecordAttestationAccepted" | "attributes"
> & {
  billingCycle?: BillingCycleInput;
  /** Only `cancelled` changes the status (use `orders.cancel`). */
  status?: "cancelled" | null;
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
