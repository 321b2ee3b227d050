// Responses are tolerant of what the service is known to send; requests are strict where the service is.
// Each case here comes from a fact in the reference material (quirks of real traffic, documented rules).
import { describe, expect, it } from "vitest";
import { validator } from "./spec-helpers.js";

const CUSTOMER = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
const order = (extra: Record<string, unknown> = {}) => ({ id: "5cf72f146967", ...extra });
const accepts = (op: string, status: number | "default", body: unknown) =>
  expect(validator.validateResponse(op, status, body, "application/json").errors).toEqual([]);
const rejects = (op: string, status: number | "default", body: unknown) =>
  expect(validator.validateResponse(op, status, body, "application/json").valid).toBe(false);
const requestErrors = (op: string, body: unknown) =>
  validator.validateRequestBody(op, body, "application/json").errors;

describe("responses accept what the service sends", () => {
  it.each([
    ["an order status added after the documentation", { status: "awaiting_customer_signature" }],
    ["PascalCase billing cycle of older orders", { billingCycle: "Annual" }],
    ["an order with no links at all (sandbox cancellation)", { status: "cancelled" }],
    ["an unknown top-level property", { somethingNew: { nested: true } }],
    ["33-character URL-safe order id", { id: "Cs_jyTxubLpvdJXdo8xcQZN6I2RsLrgZ1" }],
    ["a creation date with 7 fractional digits", { creationDate: "2018-03-15T02:17:15.6455674Z" }],
    ["a creation date with an offset", { creationDate: "2017-03-30T10:43:07.157-07:00" }],
    ["a creation date without a zone", { creationDate: "2019-01-09T00:21:45.9263727" }],
    [
      "a line item with transactionType New and an empty term",
      { lineItems: [{ lineItemNumber: 0, offerId: "x", transactionType: "New", termDuration: "" }] },
    ],
    [
      "renewsTo as an array (one documentation table)",
      { lineItems: [{ lineItemNumber: 0, renewsTo: [{ termDuration: "P1Y" }] }] },
    ],
    [
      "additionalPartnerIdsOnRecord as a plain string",
      { lineItems: [{ lineItemNumber: 0, additionalPartnerIdsOnRecord: "1234567" }] },
    ],
    [
      "provisioningContext with keys beyond the documented ones",
      {
        lineItems: [
          {
            lineItemNumber: 0,
            provisioningContext: { scope: "single", duration: "3Years", region: "westus" },
          },
        ],
      },
    ],
    ["a cancelled software line with quantity 0", { lineItems: [{ lineItemNumber: 1, quantity: 0 }] }],
    [
      "null for unset optional strings",
      {
        lineItems: [{ lineItemNumber: 0, friendlyName: null, partnerIdOnRecord: null, subscriptionId: null }],
      },
    ],
    [
      "a link with a body of null and an unknown method",
      { links: { self: { uri: "/customers/x/orders/y", method: "OPTIONS", headers: [], body: null } } },
    ],
    ["an empty client context", { client: {} }],
    [
      "null for unset objects and links",
      {
        currencyCode: null,
        client: null,
        links: { self: { uri: "/a" }, provisioningStatus: null },
        lineItems: [
          {
            lineItemNumber: 0,
            pricing: null,
            renewsTo: null,
            provisioningContext: null,
            links: { subscription: null },
          },
        ],
      },
    ],
  ])("%s", (_, extra) => {
    accepts("getOrder", 200, order(extra));
  });

  it("provisioning statuses in lower case and unknown spellings", () => {
    accepts("getOrderProvisioningStatus", 200, {
      totalCount: 2,
      items: [
        {
          lineItemNumber: 0,
          orderLineItemId: 1,
          status: "fulfilled",
          quantityProvisioningInformation: [{ quantity: 1, status: "fulfilled" }],
        },
        { lineItemNumber: 1, status: "prefulfillment_pending" },
      ],
    });
  });

  it.each([
    [
      "a numeric code with empty data",
      {
        code: 800071,
        description: "Line Item number should be from 0 to number of line items count",
        data: [],
        source: "PartnerFD",
      },
    ],
    ["a code sent as a string (as the documentation types it)", { code: "800071", description: "x" }],
    ["no data at all", { code: 900309, description: "x", source: "PartnerFD" }],
    [
      "data holding strings",
      { code: 0, description: "x", data: ["System.TimeoutException", "https://aka.ms/x"] },
    ],
    [
      "the extended shape of other services",
      {
        code: 600061,
        message: "m",
        description: "d",
        errorName: "E",
        isRetryable: false,
        parameters: {},
        errorMessageExtended: "InternalErrorCode=600061",
      },
    ],
  ])("an error body with %s", (_, body) => {
    accepts("createOrder", 400, body);
    accepts("getOrder", "default", body);
  });

  it("the 429 body of its own shape, and the usual error body on 429", () => {
    accepts("listOrders", 429, {
      statusCode: 429,
      message: "Rate limit is exceeded. Try again in 57 seconds.",
    });
    accepts("listOrders", 429, { code: 0, description: "Too many requests" });
  });

  it("collections with and without links, and with a next link", () => {
    accepts("listOrders", 200, { totalCount: 0, items: [] });
    accepts("listOrders", 200, {
      totalCount: 1,
      items: [order()],
      links: { self: { uri: "/a" }, next: { uri: "/a?page=2" } },
    });
  });
});

describe("responses still reject what cannot be real", () => {
  it.each([
    ["an order without an id", {}],
    ["an order id that is not one path segment", order({ id: "../orders/5cf72f146967" })],
    ["an order id of dots only", order({ id: "..." })],
    ["a creation date in month 13", order({ creationDate: "2023-13-01T00:00:00Z" })],
    ["a negative quantity", order({ lineItems: [{ lineItemNumber: 0, quantity: -1 }] })],
    ["a negative line number", order({ lineItems: [{ lineItemNumber: -1 }] })],
    ["a status that is not a string", order({ status: 3 })],
    ["line items that are not an array", order({ lineItems: { lineItemNumber: 0 } })],
    [
      "a provisioning context value that is not a string",
      order({ lineItems: [{ lineItemNumber: 0, provisioningContext: { scope: 1 } }] }),
    ],
  ])("%s", (_, body) => {
    rejects("getOrder", 200, body);
  });

  it("a collection with a negative count or without items", () => {
    rejects("listOrders", 200, { totalCount: -1, items: [] });
    rejects("listOrders", 200, { totalCount: 0 });
  });

  it("an error body without a code", () => {
    rejects("getOrder", 404, { description: "Order ID not found" });
  });
});

describe("createOrder requests are strict where the service is", () => {
  const item = { lineItemNumber: 0, offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: 1 };

  it("accepts a minimal order and the SDK's explicit nulls", () => {
    expect(requestErrors("createOrder", { lineItems: [item] })).toEqual([]);
    expect(
      requestErrors("createOrder", {
        id: null,
        referenceCustomerId: CUSTOMER,
        billingCycle: "unknown",
        status: null,
        creationDate: null,
        lineItems: [
          {
            ...item,
            subscriptionId: null,
            parentSubscriptionId: null,
            partnerIdOnRecord: null,
            attributes: { objectType: "OrderLineItem" },
          },
        ],
        attributes: { objectType: "Order" },
      }),
    ).toEqual([]);
  });

  it.each([
    ["no line items", { lineItems: [] }],
    ["no lineItems property", { billingCycle: "monthly" }],
    ["a status (the service rejects 'none')", { status: "none", lineItems: [item] }],
    [
      "a parentSubscriptionId (only PATCH takes it)",
      { lineItems: [{ ...item, parentSubscriptionId: "1DA3295E-C59A-476C-A7E7-D7E981FE79BE" }] },
    ],
    ["a server-assigned id", { id: "5cf72f146967", lineItems: [item] }],
    ["quantity 0", { lineItems: [{ ...item, quantity: 0 }] }],
    ["a fractional quantity", { lineItems: [{ ...item, quantity: 1.5 }] }],
    ["a negative line number", { lineItems: [{ ...item, lineItemNumber: -1 }] }],
    ["no offer id", { lineItems: [{ lineItemNumber: 0, quantity: 1 }] }],
    ["a misspelt property", { lineItems: [{ ...item, offerID: "x" }] }],
    ["an unknown billing cycle", { billingCycle: "weekly", lineItems: [item] }],
    [
      "six additional partners on record",
      { lineItems: [{ ...item, additionalPartnerIdsOnRecord: ["1", "2", "3", "4", "5", "6"] }] },
    ],
    ["a customer id that is not a GUID", { referenceCustomerId: "contoso", lineItems: [item] }],
  ])("rejects %s", (_, body) => {
    expect(requestErrors("createOrder", body)).not.toEqual([]);
  });
});

describe("updateOrder requests", () => {
  it("accept the documented uses", () => {
    expect(requestErrors("updateOrder", { id: "5cf72f146967", status: "cancelled" })).toEqual([]);
    expect(
      requestErrors("updateOrder", {
        lineItems: [
          {
            lineItemNumber: 0,
            offerId: "195416C1-3447-423A-B37B-EE59A99A19C4",
            parentSubscriptionId: "1DA3295E-C59A-476C-A7E7-D7E981FE79BE",
            quantity: 1,
          },
        ],
      }),
    ).toEqual([]);
  });

  it("accept an order sent back whole as read, the way the .NET SDK patches a quantity", () => {
    const read = {
      id: "074bd849-9106-405c-9923-fa061839d487",
      alternateId: null,
      referenceCustomerId: CUSTOMER,
      billingCycle: "monthly",
      currencyCode: "USD",
      creationDate: "2017-03-30T10:43:07.157-07:00",
      lineItems: [
        {
          lineItemNumber: 0,
          offerId: "84A03D81-6B37-4D66-8D4A-FAEA24541538",
          subscriptionId: "1DA3295E-C59A-476C-A7E7-D7E981FE79BE",
          quantity: 6,
          transactionType: "New",
          links: { subscription: { uri: "/customers/x/subscriptions/y", method: "GET", headers: [] } },
        },
      ],
      links: { self: { uri: "/customers/x/orders/y", method: "GET", headers: [] } },
      attributes: { etag: "eyJpZCI6IjA3NGJkODQ5In0=", objectType: "Order" },
    };
    expect(requestErrors("updateOrder", read)).toEqual([]);
  });

  it.each([
    ["an empty body", {}],
    ["a status other than cancelled", { status: "completed" }],
    ["a line item without its number", { lineItems: [{ offerId: "x", quantity: 2 }] }],
    ["an unknown property", { id: "x", state: "cancelled" }],
  ])("reject %s", (_, body) => {
    expect(requestErrors("updateOrder", body)).not.toEqual([]);
  });
});
