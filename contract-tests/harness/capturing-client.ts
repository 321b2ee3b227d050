/**
 * The public client with a recording transport (its `fetch` option, which sits under its pipeline):
 * every attempt's request and a clone of the raw response are kept, so tests validate exactly what
 * crossed the wire. Used against Prism (mock-client.ts) and against a real endpoint (live tests).
 */
import { PartnerCenterClient, type PartnerCenterClientOptions } from "../../src/index.js";

/** One HTTP exchange as it crossed the transport. */
export interface CapturedExchange {
  method: string;
  /** The path and query below the API root (the spec's path, without `/v1`). */
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

export interface CapturingClient {
  client: PartnerCenterClient;
  exchanges: CapturedExchange[];
  /** The only exchange; fails when the call made none or several (a retry would hide a contract bug). */
  single(): CapturedExchange;
}

export interface CapturingClientOptions {
  /** The API root the client is configured with, e.g. https://api.partnercenter.microsoft.com/v1. */
  endpoint: string;
  credential: string;
  /** Where a request for `pathAndQuery` (below the API root) is actually sent. */
  forwardTo: (pathAndQuery: string) => URL;
  /** Headers added to every request on the way out (Prism's `Prefer`). */
  extraHeaders?: Record<string, string>;
  clientOptions?: Partial<PartnerCenterClientOptions>;
}

export function createCapturingClient(options: CapturingClientOptions): CapturingClient {
  const root = new URL(options.endpoint);
  const rootPath = root.pathname.replace(/\/+$/, "");
  const exchanges: CapturedExchange[] = [];

  async function transport(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.origin !== root.origin || !url.pathname.startsWith(`${rootPath}/`)) {
      throw new Error(`the client sent a request outside its endpoint: ${request.url}`);
    }
    const pathAndQuery = `${url.pathname.slice(rootPath.length)}${url.search}`;
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(options.extraHeaders ?? {})) headers.set(name, value);
    const requestBody = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const response = await fetch(options.forwardTo(pathAndQuery), {
      method: request.method,
      headers,
      body: requestBody as BodyInit | undefined,
      signal: request.signal,
      redirect: "manual",
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
    ...options.clientOptions,
    credential: options.credential,
    endpoint: options.endpoint,
    fetch: transport,
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
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined; // ajv then sees the bytes and reports them
  }
}

function parseViolations(header: string | null): PrismViolation[] | undefined {
  if (header === null) return undefined;
  return JSON.parse(header) as PrismViolation[];
}

/** A readable one-liner per violation, for assertion messages. */
export function describeViolations(violations: PrismViolation[] | undefined): string {
  return (violations ?? []).map((v) => `${v.location.join(".")}: ${v.code} ${v.message}`).join("; ");
}
