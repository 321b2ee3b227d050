/**
 * The public client, pointed at the Prism mock through its `fetch` option (the transport under its
 * pipeline). The transport is the only place the tests touch the wire:
 *  - it adds Prism's `Prefer` header (the client has no per-call header option, and should not need one),
 *  - it maps the client's `/v1` API root onto Prism, which serves the spec's paths at its root,
 *  - it records each request and a clone of each raw response, so tests validate exactly what arrived.
 */
import { inject } from "vitest";
import { PartnerCenterClient } from "../../src/index.js";

/** One HTTP exchange as it crossed the transport. */
export interface CapturedExchange {
  method: string;
  /** The path and query Prism saw (the spec's path, without `/v1`). */
  pathAndQuery: string;
  requestHeaders: Headers;
  /** The bytes sent, undefined for a request without a body. */
  requestBody: Uint8Array | undefined;
  status: number;
  headers: Headers;
  contentType: string | undefined;
  bytes: Uint8Array;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
  /** Prism's `sl-violations` header, parsed; undefined when Prism found nothing wrong with the request. */
  violations: PrismViolation[] | undefined;
}

export interface PrismViolation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

export interface MockClient {
  client: PartnerCenterClient;
  exchanges: CapturedExchange[];
  /** The only exchange; fails when the call made none or several (a retry would hide a contract bug). */
  single(): CapturedExchange;
}

const API_ROOT = "/v1";

export function prismUrl(): string {
  return inject("prismUrl");
}

export interface MockClientOptions {
  /** The `Prefer` header value, e.g. `code=404, example=orderNotFound` or `dynamic=true`. */
  prefer?: string;
}

export function createMockClient(options: MockClientOptions = {}): MockClient {
  const upstream = new URL(prismUrl());
  const exchanges: CapturedExchange[] = [];

  async function transport(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.origin !== upstream.origin || !url.pathname.startsWith(`${API_ROOT}/`)) {
      throw new Error(`the client sent a request outside its endpoint: ${request.url}`);
    }
    const pathAndQuery = `${url.pathname.slice(API_ROOT.length)}${url.search}`;
    const headers = new Headers(request.headers);
    if (options.prefer !== undefined) headers.set("Prefer", options.prefer);
    const requestBody = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const response = await fetch(new URL(pathAndQuery, upstream), {
      method: request.method,
      headers,
      body: requestBody as BodyInit | undefined,
      signal: request.signal,
    });
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    const contentType = response.headers.get("content-type") ?? undefined;
    exchanges.push({
      method: request.method,
      pathAndQuery,
      requestHeaders: headers,
      requestBody,
      status: response.status,
      headers: response.headers,
      contentType,
      bytes,
      json: parseJson(contentType, bytes),
      violations: parseViolations(response.headers.get("sl-violations")),
    });
    return response;
  }

  const client = new PartnerCenterClient({
    credential: "contract-test-token",
    endpoint: `${upstream.origin}${API_ROOT}`,
    fetch: transport,
    // The mock answers 429/5xx on request; a retry would only repeat the same answer slowly.
    retryOptions: { maxRetries: 0 },
    throttling: false,
    attemptTimeoutInMs: 10_000,
  });
  return {
    client,
    exchanges,
    single() {
      if (exchanges.length !== 1) {
        const seen = exchanges.map((e) => `${e.method} ${e.pathAndQuery} → ${e.status}`).join("; ");
        throw new Error(`expected exactly one request, saw ${exchanges.length}: ${seen}`);
      }
      return exchanges[0] as CapturedExchange;
    },
  };
}

function parseJson(contentType: string | undefined, bytes: Uint8Array): unknown {
  if (contentType === undefined || !/json/i.test(contentType) || bytes.byteLength === 0) return undefined;
  return JSON.parse(new TextDecoder().decode(bytes));
}

function parseViolations(header: string | null): PrismViolation[] | undefined {
  if (header === null) return undefined;
  return JSON.parse(header) as PrismViolation[];
}

/** A readable one-liner per violation, for assertion messages. */
export function describeViolations(violations: PrismViolation[] | undefined): string {
  return (violations ?? []).map((v) => `${v.location.join(".")}: ${v.code} ${v.message}`).join("; ");
}
