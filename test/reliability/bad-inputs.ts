/**
 * Inputs the client must refuse before sending anything: each row names the mistake, makes it, and
 * says which built-in error class and which words of the message a caller should see. The table is
 * data so the test (and the figures) can count it.
 */
import {
  type PartnerCenterClient,
  type PartnerCenterClientOptions,
  PartnerCenterError,
} from "../../src/index.js";
import { purchase } from "./harness.js";

export type BadInputGroup =
  | "ids and paths"
  | "line items"
  | "forbidden fields"
  | "credentials"
  | "client options"
  | "call options"
  | "other operations";

export interface BadInputContext {
  /** A valid client against the fault server. */
  client: PartnerCenterClient;
  /** Builds a client with these options over the valid defaults (so construction itself can fail). */
  makeClient(options: Partial<PartnerCenterClientOptions> | Record<string, unknown>): PartnerCenterClient;
  customerId: string;
}

export interface BadInput {
  group: BadInputGroup;
  name: string;
  /** Makes the mistake; may throw synchronously or return a promise that rejects. */
  run(context: BadInputContext): unknown;
  /** A built-in class for input checks; PartnerCenterError (CREDENTIAL_ERROR) for a credential failing at call time. */
  expected: TypeErrorConstructor | RangeErrorConstructor | typeof PartnerCenterError;
  /** Words the message must contain, so the caller can tell what to fix. */
  message: string;
}

const GUID = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
const ORDER_ID = "5cf72f146967";
const line = (extra: Record<string, unknown>) => ({
  offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P",
  quantity: 1,
  ...extra,
});
/** Casts for inputs the types rightly forbid: the point is what happens when JavaScript callers pass them. */
const any = <T>(value: unknown) => value as T;
type Order = Parameters<PartnerCenterClient["orders"]["create"]>[1];

const withQuantity =
  (quantity: unknown): BadInput["run"] =>
  ({ client, customerId }) =>
    client.orders.create(customerId, { lineItems: [line({ quantity })] } as Order);

export const BAD_INPUTS: readonly BadInput[] = [
  // ── ids and paths: nothing may change the URL the token is sent to ──
  {
    group: "ids and paths",
    name: "customerId not a GUID",
    run: ({ client }) => client.orders.create("contoso", purchase("x")),
    expected: TypeError,
    message: "customerId must be a GUID",
  },
  {
    group: "ids and paths",
    name: "customerId empty",
    run: ({ client }) => client.orders.get("", ORDER_ID),
    expected: TypeError,
    message: "customerId must be a GUID",
  },
  {
    group: "ids and paths",
    name: "customerId is a number",
    run: ({ client }) => client.orders.get(any<string>(42), ORDER_ID),
    expected: TypeError,
    message: "customerId must be a string",
  },
  {
    group: "ids and paths",
    name: "customerId with ../ traversal",
    run: ({ client }) => client.orders.get(`${GUID}/../../partners`, ORDER_ID),
    expected: TypeError,
    message: "customerId must be a GUID",
  },
  {
    group: "ids and paths",
    name: "customerId with encoded slash %2F",
    run: ({ client }) => client.orders.list(`${GUID}%2F..`),
    expected: TypeError,
    message: "customerId must be a GUID",
  },
  {
    group: "ids and paths",
    name: "customerId with trailing newline",
    run: ({ client }) => client.orders.get(`${GUID}\n`, ORDER_ID),
    expected: TypeError,
    message: "customerId must be a GUID",
  },
  {
    group: "ids and paths",
    name: "orderId ../ traversal",
    run: ({ client, customerId }) => client.orders.get(customerId, "../../subscriptions"),
    expected: TypeError,
    message: 'no "/"',
  },
  {
    group: "ids and paths",
    name: "orderId with encoded slash %2F",
    run: ({ client, customerId }) => client.orders.get(customerId, "abc%2F..%2Fxyz"),
    expected: TypeError,
    message: "orderId may only contain",
  },
  {
    group: "ids and paths",
    name: "orderId with encoded dot-dot %2E%2E",
    run: ({ client, customerId }) => client.orders.cancel(customerId, "%2E%2E"),
    expected: TypeError,
    message: "orderId may only contain",
  },
  {
    group: "ids and paths",
    name: 'orderId ".."',
    run: ({ client, customerId }) => client.orders.getProvisioningStatus(customerId, ".."),
    expected: TypeError,
    message: "orderId may only contain",
  },
  {
    group: "ids and paths",
    name: "orderId empty",
    run: ({ client, customerId }) => client.orders.get(customerId, ""),
    expected: TypeError,
    message: "orderId must not be empty",
  },
  {
    group: "ids and paths",
    name: "orderId with a query ?x=1",
    run: ({ client, customerId }) => client.orders.get(customerId, "abc?x=1"),
    expected: TypeError,
    message: "orderId may only contain",
  },
  {
    group: "ids and paths",
    name: "orderId of 300 characters",
    run: ({ client, customerId }) => client.orders.get(customerId, "a".repeat(300)),
    expected: RangeError,
    message: "orderId must be at most 256",
  },
  {
    group: "ids and paths",
    name: "attachmentId with a slash",
    run: ({ client, customerId }) => client.orders.downloadAttachment(customerId, ORDER_ID, "a/b"),
    expected: TypeError,
    message: "attachmentId may only contain",
  },

  // ── line items ──
  {
    group: "line items",
    name: "no line items",
    run: ({ client, customerId }) => client.orders.create(customerId, { lineItems: [] }),
    expected: RangeError,
    message: "at least 1 line item",
  },
  {
    group: "line items",
    name: "101 line items",
    run: ({ client, customerId }) => client.orders.create(customerId, purchase("big", 101)),
    expected: RangeError,
    message: "at most 100",
  },
  {
    group: "line items",
    name: "lineItems not an array",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, any<Order>({ lineItems: { 0: line({}) } })),
    expected: TypeError,
    message: "lineItems must be an array",
  },
  {
    group: "line items",
    name: "order is null",
    run: ({ client, customerId }) => client.orders.create(customerId, any<Order>(null)),
    expected: TypeError,
    message: "order must be an object",
  },
  {
    group: "line items",
    name: "quantity 0",
    run: withQuantity(0),
    expected: RangeError,
    message: "quantity must be an integer from 1",
  },
  {
    group: "line items",
    name: "quantity -1",
    run: withQuantity(-1),
    expected: RangeError,
    message: "quantity must be an integer from 1",
  },
  {
    group: "line items",
    name: "quantity 1.5",
    run: withQuantity(1.5),
    expected: RangeError,
    message: "quantity must be an integer",
  },
  {
    group: "line items",
    name: "quantity NaN",
    run: withQuantity(Number.NaN),
    expected: RangeError,
    message: "quantity must be an integer",
  },
  {
    group: "line items",
    name: "quantity Infinity",
    run: withQuantity(Number.POSITIVE_INFINITY),
    expected: RangeError,
    message: "quantity must be an integer",
  },
  {
    group: "line items",
    name: 'quantity "5" (a string)',
    run: withQuantity("5"),
    expected: TypeError,
    message: "quantity must be a number",
  },
  {
    group: "line items",
    name: "quantity above int32",
    run: withQuantity(2 ** 31),
    expected: RangeError,
    message: "quantity must be an integer",
  },
  {
    group: "line items",
    name: "duplicate line numbers 0, 0",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, {
        lineItems: [line({ lineItemNumber: 0 }), line({ lineItemNumber: 0 })],
      }),
    expected: RangeError,
    message: "line item numbers must be exactly 0 to 1",
  },
  {
    group: "line items",
    name: "line numbers with a gap 0, 2",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, {
        lineItems: [line({ lineItemNumber: 0 }), line({ lineItemNumber: 2 })],
      }),
    expected: RangeError,
    message: "line item numbers must be exactly",
  },
  {
    group: "line items",
    name: "line number missing on one line",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, { lineItems: [line({ lineItemNumber: 0 }), line({})] }),
    expected: TypeError,
    message: "lineItemNumber on every line or on none",
  },
  {
    group: "line items",
    name: "negative line number",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, { lineItems: [line({ lineItemNumber: -1 })] }),
    expected: RangeError,
    message: "lineItemNumber must be an integer from 0",
  },
  {
    group: "line items",
    name: "offerId empty",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, { lineItems: [line({ offerId: "  " })] }),
    expected: TypeError,
    message: "offerId must not be empty",
  },
  {
    group: "line items",
    name: "offerId missing",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, any<Order>({ lineItems: [{ quantity: 1 }] })),
    expected: TypeError,
    message: "offerId must be a string",
  },
  {
    group: "line items",
    name: "line item is a string",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, any<Order>({ lineItems: ["CFQ7TTC0LH0Z"] })),
    expected: TypeError,
    message: "lineItems[0] must be an object",
  },

  // ── fields the service owns or forbids on create ──
  {
    group: "forbidden fields",
    name: 'status "none" on create',
    run: ({ client, customerId }) =>
      client.orders.create(customerId, any<Order>({ ...purchase("s"), status: "none" })),
    expected: TypeError,
    message: "order.status must not be set",
  },
  {
    group: "forbidden fields",
    name: "id on create",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, any<Order>({ ...purchase("s"), id: ORDER_ID })),
    expected: TypeError,
    message: "order.id must not be set",
  },
  {
    group: "forbidden fields",
    name: "links on create",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, any<Order>({ ...purchase("s"), links: {} })),
    expected: TypeError,
    message: "order.links must not be set",
  },
  {
    group: "forbidden fields",
    name: "parentSubscriptionId on a create line",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, any<Order>({ lineItems: [line({ parentSubscriptionId: GUID })] })),
    expected: TypeError,
    message: "parentSubscriptionId must not be set",
  },
  {
    group: "forbidden fields",
    name: "referenceCustomerId not a GUID",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, { ...purchase("s"), referenceCustomerId: "contoso" }),
    expected: TypeError,
    message: "referenceCustomerId must be a GUID",
  },

  // ── credentials ──
  {
    group: "credentials",
    name: "empty token string",
    run: ({ makeClient }) => makeClient({ credential: "" }),
    expected: TypeError,
    message: "is empty",
  },
  {
    group: "credentials",
    name: "whitespace token",
    run: ({ makeClient }) => makeClient({ credential: "   " }),
    expected: TypeError,
    message: "is empty",
  },
  {
    group: "credentials",
    name: 'token starting "Bearer "',
    run: ({ makeClient }) => makeClient({ credential: "Bearer abc.def" }),
    expected: TypeError,
    message: 'starts with "Bearer "',
  },
  {
    group: "credentials",
    name: "token with a line break",
    run: ({ makeClient }) => makeClient({ credential: "abc\r\nX-Evil: 1" }),
    expected: TypeError,
    message: "not allowed in an HTTP header",
  },
  {
    group: "credentials",
    name: "credential is a number",
    run: ({ makeClient }) => makeClient({ credential: 42 }),
    expected: TypeError,
    message: "credential must be a token string",
  },
  {
    group: "credentials",
    name: "credential object without getToken",
    run: ({ makeClient }) => makeClient({ credential: { token: "x" } }),
    expected: TypeError,
    message: "credential must be a token string",
  },
  {
    group: "credentials",
    name: "token function returns empty string",
    run: ({ makeClient, customerId }) =>
      makeClient({ credential: () => "" }).orders.create(customerId, purchase("c")),
    expected: PartnerCenterError,
    message: "The token function is empty",
  },
  {
    group: "credentials",
    name: "token function returns a number",
    run: ({ makeClient, customerId }) =>
      makeClient({ credential: () => any<string>(7) }).orders.get(customerId, ORDER_ID),
    expected: PartnerCenterError,
    message: "neither a token string nor an AccessToken",
  },
  {
    group: "credentials",
    name: "TokenCredential returns null",
    run: ({ makeClient, customerId }) =>
      makeClient({ credential: { getToken: async () => null } }).orders.get(customerId, ORDER_ID),
    expected: PartnerCenterError,
    message: "returned no token",
  },
  {
    group: "credentials",
    name: "AccessToken without expiry",
    run: ({ makeClient, customerId }) =>
      makeClient({ credential: { getToken: async () => any({ token: "abc" }) } }).orders.get(
        customerId,
        ORDER_ID,
      ),
    expected: PartnerCenterError,
    message: "without a numeric expiresOnTimestamp",
  },

  // ── client options ──
  {
    group: "client options",
    name: "attemptTimeoutInMs negative",
    run: ({ makeClient }) => makeClient({ attemptTimeoutInMs: -1 }),
    expected: RangeError,
    message: "attemptTimeoutInMs must be a positive finite number",
  },
  {
    group: "client options",
    name: "attemptTimeoutInMs NaN",
    run: ({ makeClient }) => makeClient({ attemptTimeoutInMs: Number.NaN }),
    expected: RangeError,
    message: "attemptTimeoutInMs must be a positive finite number",
  },
  {
    group: "client options",
    name: "retryOptions.maxRetries 11",
    run: ({ makeClient }) => makeClient({ retryOptions: { maxRetries: 11 } }),
    expected: RangeError,
    message: "maxRetries must be an integer from 0 to 10",
  },
  {
    group: "client options",
    name: "retryOptions.retryDelayInMs -5",
    run: ({ makeClient }) => makeClient({ retryOptions: { retryDelayInMs: -5 } }),
    expected: RangeError,
    message: "retryDelayInMs must be a non-negative",
  },
  {
    group: "client options",
    name: "throttling.requestsPerMinute 0",
    run: ({ makeClient }) => makeClient({ throttling: { requestsPerMinute: 0 } }),
    expected: RangeError,
    message: "requestsPerMinute must be an integer from 1",
  },
  {
    group: "client options",
    name: "endpoint plain http off loopback",
    run: ({ makeClient }) => makeClient({ endpoint: "http://api.partnercenter.microsoft.com/v1" }),
    expected: TypeError,
    message: "must use https",
  },
  {
    group: "client options",
    name: "endpoint with user:password",
    run: ({ makeClient }) => makeClient({ endpoint: "https://user:pw@api.partnercenter.microsoft.com/v1" }),
    expected: TypeError,
    message: "must not contain credentials",
  },
  {
    group: "client options",
    name: "endpoint not a URL",
    run: ({ makeClient }) => makeClient({ endpoint: "api.partnercenter" }),
    expected: TypeError,
    message: "not an absolute URL",
  },
  {
    group: "client options",
    name: "locale with a line break",
    run: ({ makeClient }) => makeClient({ locale: "en-US\r\nX: y" }),
    expected: TypeError,
    message: "options.locale has a form that cannot be sent",
  },

  // ── options of one call ──
  {
    group: "call options",
    name: "timeoutInMs negative",
    run: ({ client, customerId }) => client.orders.create(customerId, purchase("t"), { timeoutInMs: -1 }),
    expected: RangeError,
    message: "timeoutInMs must be a positive finite number",
  },
  {
    group: "call options",
    name: "timeoutInMs NaN",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, purchase("t"), { timeoutInMs: Number.NaN }),
    expected: RangeError,
    message: "timeoutInMs must be a positive finite number",
  },
  {
    group: "call options",
    name: "timeoutInMs 0",
    run: ({ client, customerId }) => client.orders.get(customerId, ORDER_ID, { timeoutInMs: 0 }),
    expected: RangeError,
    message: "timeoutInMs must be a positive",
  },
  {
    group: "call options",
    name: "timeoutInMs Infinity",
    run: ({ client, customerId }) =>
      client.orders.get(customerId, ORDER_ID, { timeoutInMs: Number.POSITIVE_INFINITY }),
    expected: RangeError,
    message: "timeoutInMs must be a positive finite number",
  },
  {
    group: "call options",
    name: 'timeoutInMs "100" (a string)',
    run: ({ client, customerId }) =>
      client.orders.get(customerId, ORDER_ID, { timeoutInMs: any<number>("100") }),
    expected: TypeError,
    message: "timeoutInMs must be a number",
  },
  {
    group: "call options",
    name: "requestId not a GUID",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, purchase("r"), { requestId: "order-1" }),
    expected: TypeError,
    message: "requestId must be a GUID",
  },
  {
    group: "call options",
    name: "requestId with header injection",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, purchase("r"), { requestId: `${GUID}\r\nX-Evil: 1` }),
    expected: TypeError,
    message: "requestId must be a GUID",
  },
  {
    group: "call options",
    name: "correlationId not a GUID",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, purchase("r"), { correlationId: "abc" }),
    expected: TypeError,
    message: "correlationId must be a GUID",
  },
  {
    group: "call options",
    name: "abortSignal not an AbortSignal",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, purchase("r"), { abortSignal: any<AbortSignal>({ aborted: false }) }),
    expected: TypeError,
    message: "abortSignal must be an AbortSignal",
  },
  {
    group: "call options",
    name: "customerUserUpn without @",
    run: ({ client, customerId }) =>
      client.orders.create(customerId, purchase("u"), { customerUserUpn: "alice" }),
    expected: TypeError,
    message: "customerUserUpn has a form that cannot be sent",
  },

  // ── other operations ──
  {
    group: "other operations",
    name: "update with an empty patch",
    run: ({ client, customerId }) => client.orders.update(customerId, ORDER_ID, {}),
    expected: TypeError,
    message: "patch must set at least one property",
  },
  {
    group: "other operations",
    name: 'update status "active"',
    run: ({ client, customerId }) => client.orders.update(customerId, ORDER_ID, any({ status: "active" })),
    expected: TypeError,
    message: 'patch.status may only be "cancelled"',
  },
  {
    group: "other operations",
    name: "cancel lines: empty list",
    run: ({ client, customerId }) => client.orders.cancel(customerId, ORDER_ID, { lineItemNumbers: [] }),
    expected: RangeError,
    message: "at least 1 line item",
  },
  {
    group: "other operations",
    name: "cancel lines: a line twice",
    run: ({ client, customerId }) => client.orders.cancel(customerId, ORDER_ID, { lineItemNumbers: [1, 1] }),
    expected: RangeError,
    message: "lists a line item twice",
  },
  {
    group: "other operations",
    name: "add-on quantity 0",
    run: ({ client, customerId }) =>
      client.orders.purchaseAddOn(customerId, ORDER_ID, {
        parentSubscriptionId: GUID,
        offerId: "X",
        quantity: 0,
      }),
    expected: RangeError,
    message: "addOn.quantity must be an integer from 1",
  },
  {
    group: "other operations",
    name: "waitUntilProvisioned pollIntervalInMs -1",
    run: ({ client, customerId }) =>
      client.orders.waitUntilProvisioned(customerId, ORDER_ID, { pollIntervalInMs: -1 }),
    expected: RangeError,
    message: "pollIntervalInMs must be a positive",
  },
  {
    group: "other operations",
    name: "list billingType with a space",
    run: ({ client, customerId }) => client.orders.list(customerId, { billingType: "one time" }),
    expected: TypeError,
    message: "billingType must be 1 to 32 letters",
  },
  {
    group: "other operations",
    name: "activation links for line -1",
    run: ({ client, customerId }) =>
      client.orders.listActivationLinks(customerId, ORDER_ID, { lineItemNumber: -1 }),
    expected: RangeError,
    message: "lineItemNumber must be an integer from 0",
  },
];
