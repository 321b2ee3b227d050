// The spec describes the service: responses accept what it is known to send, requests accept what it is
// known to take, and only what it is documented or observed to refuse is refused. Each case comes from a
// source, named in the test (the documentation page, the .NET SDK, the PowerShell module or a GitHub
// issue with real traffic); docs/spec.md has the table of classes, sources and tests.
import { describe, expect, it } from "vitest";
import { deref, operations, validateAgainst, validator } from "./spec-helpers.js";

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

describe("listOrderSubscriptions responses accept what the documentation shows", () => {
  // The shape of the response example of get-a-list-of-subscriptions-by-order.md: a time with spaces
  // ("06: 41: 12Z"), unitType none, billingType/contractType, an offer link under /v1, a placeholder
  // order id, and a totalCount larger than the items shown.
  const documented = {
    totalCount: 37,
    items: [
      {
        id: "83ef9d05-4169-4ef9-9657-0e86b1eab1de",
        entitlementId: "a356ac8c-e310-44f4-bf85-C7f29044af99",
        friendlyName: "Myofferpurchase",
        quantity: 1,
        unitType: "none",
        creationDate: "2015-11-25T06: 41: 12Z",
        effectiveStartDate: "2015-11-24T08: 00: 00Z",
        commitmentEndDate: "2016-12-12T08: 00: 00Z",
        status: "active",
        autoRenewEnabled: false,
        billingType: "none",
        contractType: "subscription",
        links: {
          offer: { uri: "/v1/offers/0CCA44D6-68E9-4762-94EE-31ECE98783B9", method: "GET", headers: [] },
          self: { uri: "/subscriptions?key=<key>", method: "GET", headers: [] },
        },
        orderId: "{id-for-order}",
        attributes: { etag: "<etag>", objectType: "Subscription" },
      },
    ],
    attributes: { objectType: "Collection" },
  };

  it("the published example", () => {
    accepts("listOrderSubscriptions", 200, documented);
  });

  it.each([
    [
      "properties of Subscription resources not modelled here",
      { refundOptions: [], productType: { id: "Azure" } },
    ],
    ["a status and unit type added later", { status: "pending_transfer", unitType: "Seats" }],
    ["nulls for unset optionals", { offerId: null, quantity: null, links: null, commitmentEndDate: null }],
    [
      "a savings plan without an order id (bought in the Azure portal)",
      { orderId: null, unitType: "Benefit" },
    ],
  ])("a subscription with %s", (_, extra) => {
    accepts("listOrderSubscriptions", 200, { totalCount: 1, items: [{ id: "83ef9d05", ...extra }] });
  });

  it.each([
    ["no id", { quantity: 1 }],
    ["a negative quantity", { id: "x", quantity: -1 }],
    ["a creation date in month 13", { id: "x", creationDate: "2023-13-01T00:00:00Z" }],
  ])("still rejects a subscription with %s", (_, item) => {
    rejects("listOrderSubscriptions", 200, { totalCount: 1, items: [item] });
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

const requestErrorsAs = (op: string, body: unknown, contentType: string) =>
  validator.validateRequestBody(op, body, contentType).errors;
const parameter = (name: string) => deref<{ schema: unknown }>({ $ref: `#/components/parameters/${name}` });

const LEGACY_OFFER = "84A03D81-6B37-4D66-8D4A-FAEA24541538";
const NCE_OFFER = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P";
const line = { lineItemNumber: 0, offerId: NCE_OFFER, quantity: 1 };

/** An order as getOrder returns it (camelCase, every server-owned property set). */
const orderAsRead = {
  id: "5cf72f146967",
  alternateId: "5cf72f146967",
  referenceCustomerId: CUSTOMER,
  billingCycle: "monthly",
  currencyCode: "USD",
  currencySymbol: "$",
  lineItems: [
    {
      lineItemNumber: 0,
      offerId: NCE_OFFER,
      subscriptionId: "2e1c6b1c-3b64-4b5e-a8bd-7c5f1f3a9d02",
      friendlyName: "Contoso sales team",
      quantity: 5,
      termDuration: "P1Y",
      transactionType: "New",
      renewsTo: { termDuration: "P1Y" },
      links: { subscription: { uri: "/customers/x/subscriptions/y", method: "GET", headers: [] } },
    },
  ],
  creationDate: "2023-05-18T21:22:26.7034834Z",
  status: "completed",
  transactionType: "UserPurchase",
  totalPrice: 360,
  links: {
    self: { uri: "/customers/x/orders/5cf72f146967", method: "GET", headers: [] },
    patchOperation: { uri: "/customers/x/orders/5cf72f146967", method: "PATCH", headers: [] },
  },
  client: {
    marketplaceCountry: "US",
    deviceFamily: "UniversalStore-PartnerCenter",
    name: "Partner Center API",
  },
  attributes: { objectType: "Order" },
};

describe("requests accept server-owned properties sent back (class: read-only fields echoed)", () => {
  it.each([
    [
      "Create an order (create-an-order.md): PascalCase with the read-only CurrencyCode",
      {
        BillingCycle: "one_time",
        CurrencyCode: "USD",
        LineItems: [
          {
            LineItemNumber: 0,
            ProvisioningContext: { subscriptionId: CUSTOMER, scope: "shared", duration: "1Year" },
            OfferId: "DZH318Z0BQ4B:0047:DZH318Z0DSM8",
            FriendlyName: "A reserved instance",
            Quantity: 1,
          },
        ],
      },
    ],
    [
      "Create an order (create-an-order.md): the attestation example's mixed casing",
      {
        PartnerOnRecordAttestationAccepted: true,
        lineItems: [
          {
            offerId: NCE_OFFER,
            quantity: 1,
            lineItemNumber: 0,
            PartnerIdOnRecord: "873452",
            AdditionalPartnerIdsOnRecord: ["4847383", "873452"],
          },
        ],
        billingCycle: "monthly",
      },
    ],
    [
      "the .NET SDK's serialization (seed 000, Create order): PascalCase with explicit nulls",
      {
        Id: null,
        ReferenceCustomerId: CUSTOMER,
        BillingCycle: "unknown",
        LineItems: [
          {
            LineItemNumber: 0,
            OfferId: LEGACY_OFFER,
            SubscriptionId: null,
            ParentSubscriptionId: null,
            FriendlyName: "new offer purchase",
            Quantity: 5,
            PartnerIdOnRecord: null,
            Attributes: { ObjectType: "OrderLineItem" },
          },
        ],
        CreationDate: null,
        Attributes: { ObjectType: "Order" },
      },
    ],
    [
      "the whole Order model as read, sent to create (SDK Order model: every property serialized)",
      { ...orderAsRead, id: null, status: "pending" },
    ],
  ])("createOrder: %s", (_, body) => {
    expect(requestErrors("createOrder", body)).toEqual([]);
  });

  it.each([
    [
      "SDK UpdateOrder sample: the order read, quantity raised, patched back whole (status completed)",
      {
        ...orderAsRead,
        lineItems: [{ ...orderAsRead.lineItems[0], quantity: 6 }],
      },
    ],
    [
      "PowerShell Set-PCOrder: the SDK's PascalCase serialization of an order read earlier",
      {
        Id: "074bd849-9106-405c-9923-fa061839d487",
        ReferenceCustomerId: CUSTOMER,
        BillingCycle: "monthly",
        LineItems: [{ LineItemNumber: 0, OfferId: LEGACY_OFFER, Quantity: 6, Links: { Subscription: null } }],
        CreationDate: "2017-03-30T10:43:07.157-07:00",
        Status: "completed",
        Attributes: { Etag: "eyJpZCI6IjA3NGJkODQ5In0=", ObjectType: "Order" },
      },
    ],
    [
      "Purchase an add-on (purchase-an-add-on-to-a-subscription.md): PascalCase line with ParentSubscriptionId",
      {
        ReferenceCustomerId: CUSTOMER,
        LineItems: [
          {
            LineItemNumber: 1,
            OfferId: "195416C1-3447-423A-B37B-EE59A99A19C4",
            ParentSubscriptionId: "1DA3295E-C59A-476C-A7E7-D7E981FE79BE",
            Quantity: 2,
          },
        ],
      },
    ],
  ])("updateOrder: %s", (_, body) => {
    expect(requestErrors("updateOrder", body)).toEqual([]);
  });
});

describe("requests accept values the service itself returns (class: returned values)", () => {
  it("cancel flow of cancel-software-purchases.md (get, set status, patch): termDuration empty", () => {
    const read = {
      ...orderAsRead,
      billingCycle: "one_time",
      status: "cancelled",
      lineItems: [
        { lineItemNumber: 0, offerId: "DG7GMGF0DWMS:0002:DG7GMGF0DSV5", quantity: 2, termDuration: "" },
      ],
    };
    expect(requestErrors("updateOrder", read)).toEqual([]);
    expect(requestErrors("createOrder", { lineItems: [{ ...line, termDuration: "" }] })).toEqual([]);
  });

  it.each([
    ["biennial (the SDK's BillingCycleType member 6, lower-cased by its EnumJsonConverter)", "biennial"],
    ["Biennial (the SDK's member name)", "Biennial"],
    ["Annual (change-the-billing-cycle.md request example)", "Annual"],
    ["a value added after the documentation (open like the response enumeration)", "quadrennial"],
  ])("billing cycle %s", (_, billingCycle) => {
    expect(requestErrors("createOrder", { billingCycle, lineItems: [line] })).toEqual([]);
    expect(requestErrors("updateOrder", { billingCycle, lineItems: [line] })).toEqual([]);
  });

  it.each(["completed", "pending", "pending_po_upload", "po_upload_complete", "a_state_added_later", null])(
    "PATCH with status %s, as read from the order (OrderStatus is open; order-resources.md)",
    (status) => {
      expect(requestErrors("updateOrder", { id: "5cf72f146967", status })).toEqual([]);
    },
  );
});

describe("attachment uploads accept every spelling the sources use (class: attachments)", () => {
  const multipart = "multipart/form-data";
  const file = "%PDF-1.7 purchase order";

  it.each([
    [
      "the documentation's example (attaching-purchase-order-and-completing-po-details.md): isPartofTender, pofiles",
      {
        metadata: {
          isPartofTender: true,
          customerPrice: "156.87",
          currency: "CAD",
          fxRate: "1.2",
          tenderLink: "https://tenders.example.org/T-1",
        },
        pofiles: [file],
      },
    ],
    [
      "the documentation's table: customerPrice and fxRate as decimals, parts POfiles and TenderFiles",
      {
        metadata: { customerPrice: 156.87, currency: "CAD", fxRate: 1.2, isPartOfTender: true },
        POfiles: [file],
        TenderFiles: [file],
      },
    ],
    [
      "the .NET SDK's AttachmentDetails/AttachmentMetadata: PascalCase metadata, parts POFiles and TenderFiles",
      {
        metadata: {
          CustomerPrice: "156.87",
          Currency: "CAD",
          FxRate: null,
          IsPartOfTender: false,
          TenderLink: null,
        },
        POFiles: [file],
      },
    ],
    [
      "the client's own spelling: pofiles and tenderfiles, plus a metadata property the docs do not list",
      {
        metadata: { customerPrice: "1250.00", currency: "EUR", isPartOfTender: true, note: "added later" },
        pofiles: [file, file],
        tenderfiles: [file],
      },
    ],
  ])("%s", (_, body) => {
    expect(requestErrorsAs("uploadOrderAttachment", body, multipart)).toEqual([]);
  });

  it.each([
    ["no metadata part", { pofiles: [file] }],
    [
      "no purchase-order file under any of its names (POfiles: Y)",
      { metadata: { customerPrice: "1", currency: "EUR" } },
    ],
    ["metadata without customerPrice (Y in the table)", { metadata: { currency: "EUR" }, pofiles: [file] }],
    ["metadata without currency (Y in the table)", { metadata: { CustomerPrice: "1" }, POFiles: [file] }],
    [
      "isPartofTender that is not a boolean (Boolean in the table)",
      {
        metadata: { customerPrice: "1", currency: "EUR", isPartofTender: "yes" },
        pofiles: [file],
      },
    ],
  ])("still refuse %s", (_, body) => {
    expect(requestErrorsAs("uploadOrderAttachment", body, multipart)).not.toEqual([]);
  });

  it("declares an encoding for every part name", () => {
    const upload = operations().find((op) => op.operationId === "uploadOrderAttachment");
    const media = deref<{ content: Record<string, { encoding: Record<string, unknown> }> }>(
      upload?.node.requestBody,
    ).content[multipart];
    expect(Object.keys(media?.encoding ?? {}).sort()).toEqual(
      ["POFiles", "POfiles", "TenderFiles", "metadata", "pofiles", "tenderfiles"].sort(),
    );
  });
});

describe("query booleans accept the SDK's True/False (class: query booleans)", () => {
  it.each(["include_price", "include_system_purchases"])("%s", (name) => {
    const { schema } = parameter(name);
    // C# bool.ToString() gives True/False (SDK GetOrders, GetOrder); the REST reference says boolean.
    for (const value of [true, false, "True", "False"]) expect(validateAgainst(schema, value)).toEqual([]);
    for (const value of ["yes", 1]) expect(validateAgainst(schema, value)).not.toEqual([]);
  });
});

describe("no limit that no source states (class: unsourced limits)", () => {
  const long = "x".repeat(300);

  it.each([
    // The REST reference types ms-requestid and ms-correlationid as plain strings (headers.md says GUID).
    ["MS-RequestId", "req-2026-12-07-0001"],
    ["MS-CorrelationId", "billing-run/42"],
    // ms-cv: "If a ms-cv is not provided, the server will generate a new one" (REST reference): no length.
    ["MS-CV", long],
    // headers.md: "name of the application", no length.
    ["MS-PartnerCenter-Application", long],
    ["billingType", "OneTime"],
    ["billingType", "4"],
    ["indirect_reseller_id", long],
  ])("%s accepts %s", (name, value) => {
    expect(validateAgainst(parameter(name).schema, value)).toEqual([]);
  });

  it("offerId, friendlyName and partnerIdOnRecord take any length (create-an-order.md types them as string)", () => {
    const body = {
      lineItems: [{ ...line, offerId: long, friendlyName: long, partnerIdOnRecord: long }],
    };
    expect(requestErrors("createOrder", body)).toEqual([]);
    expect(requestErrors("updateOrder", body)).toEqual([]);
  });

  it("referenceCustomerId in a body is a plain string (create-an-order.md: string)", () => {
    expect(requestErrors("createOrder", { referenceCustomerId: "contoso", lineItems: [line] })).toEqual([]);
  });

  it("a termDuration with a time part (ISO 8601 allows it; no source narrows it)", () => {
    expect(requestErrors("createOrder", { lineItems: [{ ...line, termDuration: "PT720H" }] })).toEqual([]);
  });

  it("a purchase commitment in the SKU's spelling (grain Hourly, currency USD)", () => {
    const purchaseCommitment = { amount: 0.05, currency: "USD", grain: "Hourly" };
    expect(requestErrors("createOrder", { lineItems: [{ ...line, purchaseCommitment }] })).toEqual([]);
  });
});

describe("headers and token kinds the documentation lists (class: auth and headers)", () => {
  it.each(operations().map((op) => [op.operationId, op] as const))(
    "%s declares MS-Contract-Version (headers.md: Required; sent by the older PowerShell module)",
    (_, op) => {
      const header = op.parameters.find((p) => p.name === "MS-Contract-Version");
      expect(header?.in).toBe("header");
      expect(header?.required).toBe(false);
    },
  );
});

describe("what the service is documented or observed to refuse is still refused", () => {
  it.each([
    // "You must have at least one order line item" (create-an-order.md).
    ["no line items", { lineItems: [] }],
    ["no line items, PascalCase", { LineItems: [] }],
    ["no lineItems property in any casing", { billingCycle: "monthly" }],
    // 800071 "Line Item number should be from 0 to number of line items count" (error-codes.md).
    ["a negative line number", { lineItems: [{ ...line, lineItemNumber: -1 }] }],
    ["a negative line number, PascalCase", { LineItems: [{ LineItemNumber: -1, OfferId: NCE_OFFER }] }],
    // 2000 "ParentSubscriptionId is not supported for this request." (microsoft/Partner-Center-PowerShell#63).
    [
      "a parentSubscriptionId (PATCH only)",
      { lineItems: [{ ...line, parentSubscriptionId: "1DA3295E-C59A-476C-A7E7-D7E981FE79BE" }] },
    ],
    [
      "a ParentSubscriptionId, PascalCase",
      { LineItems: [{ LineItemNumber: 0, OfferId: NCE_OFFER, ParentSubscriptionId: "1DA3295E" }] },
    ],
    // 0 "The provided value 'none' is not a valid OrderStatus." (microsoft/PartnerCenterPowerShellModule#50).
    ["status none", { status: "none", lineItems: [line] }],
    ["Status None, as the old SDK sent it", { Status: "None", LineItems: [line] }],
    // offerId and lineItemNumber: Required "Yes" (create-an-order.md).
    ["a line without an offer id", { lineItems: [{ lineItemNumber: 0, quantity: 1 }] }],
    ["a line without a line number", { lineItems: [{ offerId: NCE_OFFER, quantity: 1 }] }],
    // "Only a maximum of 5 Indirect Resellers can be entered" (create-an-order.md).
    [
      "six additional partners on record",
      { lineItems: [{ ...line, additionalPartnerIdsOnRecord: ["1", "2", "3", "4", "5", "6"] }] },
    ],
    // quantity is an int in the REST reference and the SDK model.
    ["a fractional quantity", { lineItems: [{ ...line, quantity: 1.5 }] }],
  ])("createOrder: %s", (_, body) => {
    expect(requestErrors("createOrder", body)).not.toEqual([]);
  });

  it.each([
    ["status none", { id: "5cf72f146967", status: "none" }],
    ["Status NONE", { Status: "NONE" }],
    ["a status that is not a string", { status: 3 }],
    ["a line item without its number", { lineItems: [{ offerId: "x", quantity: 2 }] }],
    ["a negative line number", { lineItems: [{ lineItemNumber: -1 }] }],
  ])("updateOrder: %s", (_, body) => {
    expect(requestErrors("updateOrder", body)).not.toEqual([]);
  });
});
