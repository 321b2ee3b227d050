/**
 * Checks shared by the mock tests: the request passed Prism's validation, the raw response matches the
 * spec under ajv, and a PartnerCenterError carries what the error body and headers said.
 */
import { expect } from "vitest";
import { isPartnerCenterError, type PartnerCenterError } from "../../src/index.js";
import { type CapturedExchange, describeViolations } from "./mock-client.js";
import { decodeRequestBody } from "./request-body.js";
import { validator } from "./spec.js";

type Json = Record<string, unknown>;

/** Prism found nothing wrong with what the client sent. */
export function expectRequestAccepted(exchange: CapturedExchange): void {
  expect(
    exchange.violations,
    `Prism rejected ${exchange.method} ${exchange.pathAndQuery}: ${describeViolations(exchange.violations)}`,
  ).toBeUndefined();
}

/** The body the client sent matches the operation's request body under ajv (Prism's check is draft-07 only). */
export async function expectRequestBodyMatchesSpec(
  operationId: string,
  exchange: CapturedExchange,
): Promise<void> {
  const body = await decodeRequestBody(operationId, {
    contentType: exchange.requestHeaders.get("content-type") ?? undefined,
    bytes: exchange.requestBody,
  });
  const verdict = validator.validateRequestBody(
    operationId,
    body,
    exchange.requestHeaders.get("content-type") ?? undefined,
  );
  expect(verdict.errors, `${operationId} request body: ${JSON.stringify(body)}`).toEqual([]);
}

/** The body as ajv should see it: parsed JSON, or the bytes for a file. */
export function bodyOf(exchange: CapturedExchange): unknown {
  return exchange.json ?? exchange.bytes;
}

/** The raw response validates under ajv against the declared response `statusKey` of the operation. */
export function expectResponseMatchesSpec(
  operationId: string,
  statusKey: string,
  exchange: CapturedExchange,
): void {
  const status = statusKey === "default" ? "default" : Number(statusKey);
  const verdict = validator.validateResponse(operationId, status, bodyOf(exchange), exchange.contentType);
  const shown = JSON.stringify(exchange.json ?? new TextDecoder().decode(exchange.bytes)).slice(0, 2000);
  expect(verdict.errors, `${operationId} ${statusKey} body does not match the spec: ${shown}`).toEqual([]);
  expect(verdict.valid).toBe(true);
}

export interface ExpectedError {
  statusCode: number;
  /** The error body the service sent. */
  body: unknown;
  requestId: string;
  correlationId: string;
  /** The `Retry-After` header value in seconds, when the response declares one. */
  retryAfterInSeconds: number | undefined;
}

/** The call failed with a PartnerCenterError that reports the status, the body's fields and both ids. */
export function expectPartnerCenterError(
  error: unknown,
  expected: ExpectedError,
): asserts error is PartnerCenterError {
  expect(isPartnerCenterError(error), `expected a PartnerCenterError, got ${String(error)}`).toBe(true);
  const failure = error as PartnerCenterError;
  const body = (typeof expected.body === "object" && expected.body !== null ? expected.body : {}) as Json;
  expect(failure.statusCode).toBe(expected.statusCode);
  // Partner Center error bodies carry a numeric code; the throttling body has none (its statusCode is 429).
  expect(failure.code).toBe(body.code);
  expect(failure.description).toBe(body.description ?? body.message);
  if ("source" in body) expect(failure.source).toBe(body.source);
  if ("data" in body) expect(failure.data).toEqual(body.data);
  if ("statusCode" in body) expect(failure.details?.statusCode).toBe(body.statusCode);
  expect(failure.requestId).toBe(expected.requestId);
  expect(failure.correlationId).toBe(expected.correlationId);
  expect(failure.retryAfterInMs).toBe(
    expected.retryAfterInSeconds === undefined ? undefined : expected.retryAfterInSeconds * 1000,
  );
  expect(failure.response?.status).toBe(expected.statusCode);
  expect(JSON.parse(failure.response?.bodyAsText ?? "null")).toEqual(expected.body);
  // The token never travels on in an error.
  expect(JSON.stringify(failure)).not.toContain("contract-test-token");
}
