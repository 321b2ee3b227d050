/**
 * partner-center-orders: a typed client for the Microsoft Partner Center Orders API.
 * Start at PartnerCenterClient (client.ts); `client.orders` (orders.ts) is the API.
 */

export type { components, operations, paths } from "../generated/schema.js";
export { MAX_LINE_ITEMS_PER_ORDER } from "./arguments.js";
export type { AttachmentFileInput, UploadAttachmentInput } from "./attachments.js";
export {
  createRawClient,
  DEFAULT_ATTEMPT_TIMEOUT_IN_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  PartnerCenterClient,
  type PartnerCenterClientOptions,
} from "./client.js";
export {
  type AccessToken,
  type GetTokenOptions,
  PARTNER_CENTER_SCOPE,
  type PartnerCenterCredential,
  type TokenCredential,
  type TokenProvider,
} from "./credentials.js";
export {
  isPartnerCenterError,
  PartnerCenterError,
  type ReceivedResponseSummary,
  type SentRequestSummary,
} from "./errors.js";
export * from "./models.js";
export type { OperationOptions, ResponseValidator } from "./operation.js";
export type { PurchaseAddOnInput } from "./order-bodies.js";
export type {
  CancelOrderOptions,
  CreateOrderOptions,
  DownloadedAttachment,
  GetOrderOptions,
  ListActivationLinksOptions,
  ListOptions,
  ListOrdersOptions,
  OrdersClient,
  RawClient,
  WaitUntilProvisionedOptions,
} from "./orders.js";
export {
  type ContinuablePage,
  DEFAULT_MAX_PAGES,
  type PagedAsyncIterableIterator,
  type PageSettings,
} from "./paging.js";
export type { Transport } from "./pipeline/fetch-transport.js";
export type { PartnerCenterLogger } from "./pipeline/pipeline.js";
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from "./pipeline/retry-policy.js";
export {
  DEFAULT_REQUESTS_PER_MINUTE,
  type RateLimitDecision,
  type RateLimitStore,
  type ThrottlingOptions,
} from "./pipeline/throttle.js";
export { isOrderProvisioned, isProvisioningSettled } from "./provisioning.js";
