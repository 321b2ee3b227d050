import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  httpError,
  isPartnerCenterError,
  PartnerCenterError,
  readServiceErrorBody,
  summarizeRequest,
} from "../../src/errors.js";

describe("readServiceErrorBody", () => {
  it("reads the documented shape, keeping extra properties apart", () => {
    expect(
      readServiceErrorBody(
        '{"code":900117,"description":"You have passed your 72-day cancellation window.","data":["x"],"source":"PartnerFD","isRetryable":false}',
      ),
    ).toEqual({
      code: 900117,
      description: "You have passed your 72-day cancellation window.",
      data: ["x"],
      source: "PartnerFD",
      details: { isRetryable: false },
    });
  });

  it("reads the throttling shape", () => {
    expect(
      readServiceErrorBody('{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}'),
    ).toEqual({
      description: "Rate limit is exceeded. Try again in 57 seconds.",
      details: { statusCode: 429 },
    });
  });

  it("reads an Azure-style nested error", () => {
    expect(readServiceErrorBody('{"error":{"code":"InvalidInput","message":"Bad."}}')).toMatchObject({
      code: "InvalidInput",
      description: "Bad.",
    });
  });

  it.each(["", "   ", "<html><h1>502 Bad Gateway</h1></html>", '{"code":80', "null", "[1]", '"text"'])(
    "gives an empty result for %j",
    (body) => {
      expect(readServiceErrorBody(body)).toEqual({});
    },
  );

  it("turns numeric string codes into numbers and keeps others", () => {
    expect(readServiceErrorBody('{"code":"800071","description":"d"}').code).toBe(800071);
    expect(readServiceErrorBody('{"code":"E1","description":"d"}').code).toBe("E1");
  });

  it("cuts an overlong description at 1024 characters", () => {
    const body = JSON.stringify({ code: 1, description: "x".repeat(5000) });
    expect(readServiceErrorBody(body).description).toHaveLength(1024);
  });

  it("does not let __proto__ in an error body reach an object's prototype", () => {
    const read = readServiceErrorBody('{"code":1,"description":"d","__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect((read as Record<string, unknown>).polluted).toBeUndefined();
    expect(read.details).toBeUndefined();
  });
});

describe("PartnerCenterError", () => {
  const request = summarizeRequest(
    "POST",
    "https://api.partnercenter.microsoft.com/v1/customers/c/orders",
    Object.entries({
      Authorization: "Bearer super-secret-token",
      Cookie: "session=abc",
      "MS-RequestId": "r",
    }),
  );
  const call = { requestId: "r", correlationId: "c", request, attempts: 1, redact: (text: string) => text };

  it("keeps credentials out of the request summary", () => {
    const summary = request;
    expect(summary.headers).toEqual({ "ms-requestid": "r" });
  });

  it("renders the same redacted fields in JSON and util.inspect", () => {
    const error = httpError(call, {
      status: 503,
      headers: { "content-type": "text/plain;charset=UTF-8", "set-cookie": "a=b", "ms-cv": "v" },
      bodyAsText: '{"code":800003,"description":"Unexpected service error"}',
    });
    expect(error.message).toBe("Partner Center answered 503: 800003: Unexpected service error");
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({ name: "PartnerCenterError", statusCode: 503, code: 800003, requestId: "r" });
    expect(json.response.headers).toEqual({ "content-type": "text/plain;charset=UTF-8", "ms-cv": "v" });
    const rendered = inspect(error, { depth: 10 });
    expect(rendered).toContain("800003");
    expect(rendered).not.toContain("super-secret-token");
    expect(rendered).not.toContain("session=abc");
  });

  it("cuts a huge body in the summary", () => {
    const error = httpError(call, { status: 500, headers: {}, bodyAsText: "x".repeat(200_000) });
    expect(error.response?.bodyAsText.length).toBe(64 * 1024);
  });

  it("is recognised by name too, for duplicated copies of the package", () => {
    const foreign = Object.assign(new Error("x"), { name: "PartnerCenterError", statusCode: 500 });
    expect(isPartnerCenterError(foreign)).toBe(true);
    expect(isPartnerCenterError(new Error("x"))).toBe(false);
    expect(isPartnerCenterError(new PartnerCenterError("x", { statusCode: 0 }))).toBe(true);
    expect(isPartnerCenterError("PartnerCenterError")).toBe(false);
  });
});
