// The spec's shape: the operations the client depends on, the responses every operation must declare,
// the shared headers, and the markers for what only the SDK shows.
import { describe, expect, it } from "vitest";
import { deref, operations, spec } from "./spec-helpers.js";

const ops = operations();
const byId = new Map(ops.map((op) => [op.operationId, op]));

const REQUIRED_ERRORS = ["400", "401", "403", "404", "429", "500", "503", "default"];
const SUCCESS: Record<string, string> = {
  createOrder: "201",
  listOrders: "200",
  getOrder: "200",
  updateOrder: "200",
  getOrderProvisioningStatus: "200",
  listOrderLineItemActivationLinks: "200",
  listOrderActivationLinks: "200",
  uploadOrderAttachment: "201",
  listOrderAttachments: "200",
  downloadOrderAttachment: "200",
  listOrderSubscriptions: "200",
};
const CONFLICTS = ["createOrder", "updateOrder"];
const SDK_ONLY = ["listOrderActivationLinks", "listOrderAttachments", "downloadOrderAttachment"];

describe("operations", () => {
  it("are exactly the eleven the client depends on", () => {
    expect(ops.map((op) => op.operationId).sort()).toEqual(Object.keys(SUCCESS).sort());
  });

  it.each(Object.entries(SUCCESS))(
    "%s declares its success, every error status and default",
    (id, success) => {
      const declared = Object.keys(byId.get(id)!.responses).sort();
      const expected = [success, ...REQUIRED_ERRORS, ...(CONFLICTS.includes(id) ? ["409"] : [])].sort();
      expect(declared).toEqual(expected);
    },
  );

  it.each(ops.map((op) => [op.operationId, op] as const))(
    "%s has summary, description, tag and security",
    (_, op) => {
      expect(op.node.summary).toEqual(expect.any(String));
      expect(String(op.node.description).length).toBeGreaterThan(80);
      expect(op.node.tags).toHaveLength(1);
      const security = op.node.security as Array<Record<string, unknown>>;
      expect(security.length).toBeGreaterThan(0);
      for (const requirement of security)
        expect(["appUser", "appOnly"]).toEqual(expect.arrayContaining(Object.keys(requirement)));
    },
  );

  it("marks the SDK-only operations as undocumented, and only those", () => {
    const marked = ops.filter((op) => op.node["x-undocumented"] === true).map((op) => op.operationId);
    expect(marked.sort()).toEqual([...SDK_ONLY].sort());
    for (const id of SDK_ONLY) expect(String(byId.get(id)!.node.description)).toMatch(/undocumented/i);
  });

  it("documents app + user only where the documentation says so", () => {
    const kinds = (id: string) =>
      (byId.get(id)!.node.security as object[]).flatMap((r) => Object.keys(r)).sort();
    expect(kinds("getOrderProvisioningStatus")).toEqual(["appUser"]);
    expect(kinds("createOrder")).toEqual(["appOnly", "appUser"]);
    expect(String(byId.get("createOrder")!.node.description)).toMatch(/savings plan/);
    // "This scenario supports authentication with both standalone App and App+User credentials"
    // (Attaching a purchase order and completing purchase order details; Get a list of subscriptions by order).
    expect(kinds("uploadOrderAttachment")).toEqual(["appOnly", "appUser"]);
    expect(kinds("listOrderSubscriptions")).toEqual(["appOnly", "appUser"]);
  });

  it("uses the global and the 21Vianet servers under /v1", () => {
    const urls = (spec.servers as Array<{ url: string }>).map((s) => s.url);
    expect(urls).toEqual([
      "https://api.partnercenter.microsoft.com/v1",
      "https://partner.partnercenterapi.microsoftonline.cn/v1",
    ]);
  });
});

describe("headers", () => {
  const headerNames = (id: string) =>
    byId
      .get(id)!
      .parameters.filter((p) => p.in === "header")
      .map((p) => p.name);

  it.each(ops.map((op) => op.operationId))(
    "%s accepts the request-id, correlation, locale and app headers",
    (id) => {
      expect(headerNames(id)).toEqual(
        expect.arrayContaining([
          "MS-RequestId",
          "MS-CorrelationId",
          "MS-CV",
          "X-Locale",
          "MS-PartnerCenter-Application",
          "MS-Contract-Version",
        ]),
      );
    },
  );

  it("takes x-ms-customeruser-upn on create only", () => {
    const withUpn = ops.filter((op) => headerNames(op.operationId).includes("x-ms-customeruser-upn"));
    expect(withUpn.map((op) => op.operationId)).toEqual(["createOrder"]);
  });

  it("explains the reuse-on-retry contract of MS-RequestId", () => {
    const requestId = deref<{ description: string }>({ $ref: "#/components/parameters/MS-RequestId" });
    expect(requestId.description).toMatch(/same value on every retry/);
  });

  it.each(ops.map((op) => op.operationId))("%s answers 429 with a Retry-After header in seconds", (id) => {
    const throttled = byId.get(id)!.responses["429"]!;
    const retryAfter = deref<{ required: boolean; example: unknown; schema: { type: string } }>(
      (throttled.headers as Record<string, unknown>)["Retry-After"],
    );
    expect(retryAfter.required).toBe(true);
    expect(retryAfter.schema.type).toBe("integer");
    expect(Number(retryAfter.example)).toBeGreaterThan(0);
  });

  it.each(ops.map((op) => op.operationId))("%s echoes the request ids on success", (id) => {
    const op = byId.get(id)!;
    const success = op.responses[SUCCESS[id]!]!;
    expect(Object.keys(success.headers as object).sort()).toEqual([
      "MS-CV",
      "MS-CorrelationId",
      "MS-RequestId",
    ]);
  });
});
