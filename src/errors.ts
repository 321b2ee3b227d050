/**
 * PartnerCenterError: what every failed call throws, whether the service answered with an error, the
 * answer could not be read, or no answer arrived. It never holds the access token: request headers are
 * copied without credentials, and toJSON / util.inspect show only the fields below.
 */
import { isPlainRecord, parseJsonSafely } from "./json.js";

/** The request as it was sent, minus credentials. */
export interface SentRequestSummary {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** The response as it arrived; `bodyAsText` is cut at 64 KiB. */
export interface ReceivedResponseSummary {
  status: number;
  headers: Record<string, string>;
  bodyAsText: string;
}

export interface PartnerCenterErrorInit {
  statusCode: number;
  code?: number | string;
  description?: string;
  data?: unknown;
  source?: string;
  details?: Record<string, unknown>;
  requestId?: string;
  correlationId?: string;
  retryAfterInMs?: number;
  request?: SentRequestSummary;
  response?: ReceivedResponseSummary;
  cause?: unknown;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const MAX_BODY_CHARS = 64 * 1024;
const MAX_DESCRIPTION_CHARS = 1024;
const CREDENTIAL_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "ocp-apim-subscription-key",
]);
const RESPONSE_HEADERS_TO_DROP = new Set(["set-cookie"]);

export class PartnerCenterError extends Error {
  /** No request reached the service, or no answer came back (network failure). It may have been processed. */
  static readonly REQUEST_SEND_ERROR = "REQUEST_SEND_ERROR";
  /** The call's time budget (`timeoutInMs` or the per-attempt timeout) ran out. It may have been processed. */
  static readonly TIMEOUT = "TIMEOUT";
  /** The service answered with a success status but a body that is not the JSON it should be. */
  static readonly PARSE_ERROR = "PARSE_ERROR";
  /** The service answered with a body that does not match the OpenAPI description (validation entry point). */
  static readonly RESPONSE_VALIDATION_ERROR = "RESPONSE_VALIDATION_ERROR";
  /** A collection's `links.next` repeats, leaves the endpoint or points at another resource. */
  static readonly PAGING_ERROR = "PAGING_ERROR";
  /** waitUntilProvisioned gave up after `maxWaitInMs`. The order itself is unaffected. */
  static readonly PROVISIONING_TIMEOUT = "PROVISIONING_TIMEOUT";

  override readonly name = "PartnerCenterError";
  /** The HTTP status, or 0 when no response arrived. */
  readonly statusCode: number;
  /** The Partner Center error code (a number such as 800071), or one of the static codes above. */
  readonly code: number | string | undefined;
  readonly description: string | undefined;
  readonly data: unknown;
  readonly source: string | undefined;
  /** Every other property of the service's error body. */
  readonly details: Record<string, unknown> | undefined;
  /** The MS-RequestId sent (the idempotency key): retry a create with this id to avoid buying twice. */
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
  /** From `Retry-After` on throttling and unavailability answers. */
  readonly retryAfterInMs: number | undefined;
  readonly request: SentRequestSummary | undefined;
  readonly response: ReceivedResponseSummary | undefined;

  constructor(message: string, init: PartnerCenterErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.description = init.description;
    this.data = init.data;
    this.source = init.source;
    this.details = init.details;
    this.requestId = init.requestId;
    this.correlationId = init.correlationId;
    this.retryAfterInMs = init.retryAfterInMs;
    this.request = init.request;
    this.response = init.response;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      statusCode: this.statusCode,
      code: this.code,
      description: this.description,
      data: this.data,
      source: this.source,
      details: this.details,
      requestId: this.requestId,
      correlationId: this.correlationId,
      retryAfterInMs: this.retryAfterInMs,
      request: this.request,
      response: this.response,
    };
  }

  /** util.inspect prints the same redacted fields plus the stack, and never `cause` internals. */
  [INSPECT](): Record<string, unknown> {
    return { ...this.toJSON(), stack: this.stack };
  }
}

/** True for errors thrown by this package, even across duplicated copies of it (checks `name`). */
export function isPartnerCenterError(error: unknown): error is PartnerCenterError {
  if (error instanceof PartnerCenterError) return true;
  return error instanceof Error && error.name === "PartnerCenterError" && "statusCode" in error;
}

export function summarizeRequest(request: Request): SentRequestSummary {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    if (!CREDENTIAL_HEADERS.has(key.toLowerCase())) headers[key] = value;
  });
  return { method: request.method, url: request.url, headers };
}

export function summarizeResponse(
  status: number,
  headers: Headers,
  bodyAsText: string,
): ReceivedResponseSummary {
  const kept: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (!RESPONSE_HEADERS_TO_DROP.has(key.toLowerCase())) kept[key] = value;
  });
  return { status, headers: kept, bodyAsText: bodyAsText.slice(0, MAX_BODY_CHARS) };
}

/** The useful fields of an error body, whatever shape it has. */
export interface ServiceErrorBody {
  code?: number | string;
  description?: string;
  data?: unknown;
  source?: string;
  details?: Record<string, unknown>;
}

/**
 * Reads the usual `{code, description, data, source}` body, the throttling body `{statusCode, message}`
 * and an Azure-style `{error: {code, message}}`. Anything else (HTML gateway pages, empty or cut-off
 * text) gives an empty result rather than an exception.
 */
export function readServiceErrorBody(text: string): ServiceErrorBody {
  if (text.trim() === "") return {};
  const parsed = parseJsonSafely(text);
  if (!parsed.ok || !isPlainRecord(parsed.value)) return {};
  const body = parsed.value;
  const nested = isPlainRecord(body.error) ? body.error : undefined;
  const { code, description, data, source, statusCode, message, error: _error, ...rest } = body;
  const result: ServiceErrorBody = {};
  const chosenCode = normalizeCode(code ?? nested?.code);
  if (chosenCode !== undefined) result.code = chosenCode;
  const text_ = firstString(description, message, nested?.message, nested?.description);
  if (text_ !== undefined) result.description = text_.slice(0, MAX_DESCRIPTION_CHARS);
  if (data !== undefined) result.data = data;
  if (typeof source === "string") result.source = source;
  if (statusCode !== undefined) rest.statusCode = statusCode;
  if (Object.keys(rest).length > 0) result.details = rest;
  return result;
}

function normalizeCode(code: unknown): number | string | undefined {
  if (typeof code === "number" && Number.isFinite(code)) return code;
  if (typeof code === "string" && code.trim() !== "") {
    return /^-?\d+$/.test(code.trim()) ? Number(code.trim()) : code.trim();
  }
  return undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === "string" && value.trim() !== "") return value;
  return undefined;
}

export interface HttpErrorContext {
  response: Response;
  bodyAsText: string;
  request?: SentRequestSummary;
  requestId?: string;
  correlationId?: string;
  retryAfterInMs?: number;
}

/** Builds the error for a non-2xx answer. */
export function createHttpError({ response, bodyAsText, ...context }: HttpErrorContext): PartnerCenterError {
  const body = readServiceErrorBody(bodyAsText);
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const what =
    body.description !== undefined
      ? `${body.code !== undefined ? `${body.code}: ` : ""}${body.description}`
      : describeUnreadableBody(response.headers.get("content-type"), bodyAsText);
  return new PartnerCenterError(`Partner Center answered ${status}: ${what}`, {
    statusCode: response.status,
    ...body,
    ...context,
    response: summarizeResponse(response.status, response.headers, bodyAsText),
  });
}

function describeUnreadableBody(contentType: string | null, text: string): string {
  if (text.trim() === "") return "(empty body)";
  return `(a body that is not a Partner Center error${contentType ? `, ${contentType.split(";")[0]}` : ""})`;
}
