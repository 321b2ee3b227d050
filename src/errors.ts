/**
 * PartnerCenterError, and the one place every instance is built: each way a call can fail has its
 * factory below, so messages, codes and what an error may hold are decided here and nowhere else.
 * An error never holds the access token: request headers are copied without credentials, the pipeline
 * scrubs bodies and headers before they get here, credential failures keep nothing of what the
 * credential said, and toJSON / util.inspect show only the fields below.
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
  /** The call's time budget (`timeoutInMs`, `maxElapsedInMs` or the attempt timeout) ran out. It may have been processed. */
  static readonly TIMEOUT = "TIMEOUT";
  /** The caller aborted. `name` is "AbortError" and `cause` the signal's reason. It may have been processed. */
  static readonly ABORTED = "ABORTED";
  /** The credential failed to give a token (its own message is withheld: it may hold secrets). Nothing was sent. */
  static readonly CREDENTIAL_ERROR = "CREDENTIAL_ERROR";
  /** The service (or something in between) answered with a redirect; it is never followed. */
  static readonly REDIRECT = "REDIRECT";
  /** The answer's body (decoded) was larger than `maxResponseBytes`. It may have been processed. */
  static readonly RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";
  /** The service answered with a success status but a body that is not the JSON it should be. */
  static readonly PARSE_ERROR = "PARSE_ERROR";
  /** The service answered with a body that does not match the OpenAPI description (validation entry point). */
  static readonly RESPONSE_VALIDATION_ERROR = "RESPONSE_VALIDATION_ERROR";
  /** A collection's `links.next` repeats, leaves the endpoint, points at another resource or exceeds `maxPages`. */
  static readonly PAGING_ERROR = "PAGING_ERROR";
  /** waitUntilProvisioned gave up after `maxWaitInMs`. The order itself is unaffected. */
  static readonly PROVISIONING_TIMEOUT = "PROVISIONING_TIMEOUT";

  /** "PartnerCenterError", or "AbortError" for code ABORTED (so `error.name === "AbortError"` checks keep working). */
  override readonly name: string;
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
    this.name = init.code === PartnerCenterError.ABORTED ? "AbortError" : "PartnerCenterError";
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
  return (
    error instanceof Error &&
    (error.name === "PartnerCenterError" || (error.name === "AbortError" && "requestId" in error)) &&
    "statusCode" in error
  );
}

/** Text from the network on one line: a service description cannot start a forged log line. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => (c === "\n" ? "\\n" : " "));
}

/** Header names in lower case, without credentials. */
export function summarizeRequest(
  method: string,
  url: string,
  headers: Iterable<[string, string]>,
): SentRequestSummary {
  const kept: Record<string, string> = {};
  for (const [key, value] of headers) {
    const name = key.toLowerCase();
    if (!CREDENTIAL_HEADERS.has(name)) kept[name] = value;
  }
  return { method, url, headers: kept };
}

export function summarizeResponse(
  status: number,
  headers: Record<string, string>,
  bodyAsText: string,
): ReceivedResponseSummary {
  const kept: Record<string, string> = {};
  for (const key of Object.keys(headers)) {
    if (!RESPONSE_HEADERS_TO_DROP.has(key)) kept[key] = headers[key] as string;
  }
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

/** What the pipeline knows about a call when something goes wrong. */
export interface CallFacts {
  readonly requestId: string;
  readonly correlationId: string;
  /** The last attempt as sent (without credentials), if one was sent. */
  readonly request: SentRequestSummary | undefined;
  /** Attempts put on the wire so far. */
  readonly attempts: number;
  /** The text with the call's token replaced: for anything from a success body that goes into an error. */
  redact(text: string): string;
}

/** An answer from the wire, already scrubbed of the token. */
export interface AnswerFacts {
  status: number;
  headers: Record<string, string>;
  bodyAsText: string;
  retryAfterInMs?: number | undefined;
}

function callInit(call: CallFacts, code: string, cause?: unknown): PartnerCenterErrorInit {
  return {
    statusCode: 0,
    code,
    requestId: call.requestId,
    correlationId: call.correlationId,
    request: call.request,
    cause,
  };
}

/** The end of a message about a call that got no usable answer: whether it may have been processed. */
function outcome(call: CallFacts): string {
  if (call.attempts === 0) return `nothing was sent (requestId ${call.requestId}).`;
  const attempts = `${call.attempts} attempt${call.attempts === 1 ? "" : "s"}`;
  return (
    `${attempts}; the service may still have processed it: retry with the same requestId ` +
    `(${call.requestId}) so it is not done twice.`
  );
}

export function sendError(call: CallFacts, cause: unknown): PartnerCenterError {
  return new PartnerCenterError(
    `The request could not be sent or got no answer; ${outcome(call)}`,
    callInit(call, PartnerCenterError.REQUEST_SEND_ERROR, cause),
  );
}

export function timeoutError(call: CallFacts, what: string, cause?: unknown): PartnerCenterError {
  return new PartnerCenterError(
    `${what}; ${outcome(call)}`,
    callInit(call, PartnerCenterError.TIMEOUT, cause),
  );
}

/** `reason` is the caller's abort reason, kept as `cause`. */
export function abortedError(call: CallFacts, reason: unknown): PartnerCenterError {
  return new PartnerCenterError(`The call was aborted; ${outcome(call)}`, {
    ...callInit(call, PartnerCenterError.ABORTED),
    cause: reason,
  });
}

/**
 * What the credential said is left out (it may quote a client secret or a token); only the kind of
 * error is kept. `ownMessage` is a message of this package's own checks, safe to show.
 */
export function credentialError(call: CallFacts, failure: unknown, ownMessage?: string): PartnerCenterError {
  const kind = failure instanceof Error ? failure.name : typeof failure;
  const why = ownMessage ?? `it threw ${kind}; its message is withheld because it may hold secrets`;
  return new PartnerCenterError(`The credential gave no access token (${why}); ${outcome(call)}`, {
    ...callInit(call, PartnerCenterError.CREDENTIAL_ERROR),
    details: { credentialErrorName: kind },
  });
}

export function tooLargeError(call: CallFacts, status: number, maxResponseBytes: number): PartnerCenterError {
  return new PartnerCenterError(
    `Partner Center answered ${status} with a body larger than maxResponseBytes (${maxResponseBytes}); ` +
      outcome(call),
    {
      ...callInit(call, PartnerCenterError.RESPONSE_TOO_LARGE),
      statusCode: status,
      details: { maxResponseBytes },
    },
  );
}

export function redirectError(call: CallFacts, answer: AnswerFacts): PartnerCenterError {
  const location = answer.headers.location;
  return new PartnerCenterError(
    `Partner Center answered ${answer.status} redirecting to ${location === undefined ? "(no Location)" : oneLine(location)}; ` +
      `redirects are never followed, so the answer was not used (requestId ${call.requestId}). Check the endpoint ` +
      "and any proxy or gateway in between.",
    {
      ...callInit(call, PartnerCenterError.REDIRECT),
      statusCode: answer.status,
      details: { location },
      response: summarizeResponse(answer.status, answer.headers, answer.bodyAsText),
    },
  );
}

/** The error for a non-2xx answer. */
export function httpError(call: CallFacts, answer: AnswerFacts): PartnerCenterError {
  const body = readServiceErrorBody(answer.bodyAsText);
  const what =
    body.description !== undefined
      ? `${body.code !== undefined ? `${oneLine(String(body.code))}: ` : ""}${oneLine(body.description)}`
      : describeUnreadableBody(answer.headers["content-type"], answer.bodyAsText);
  return new PartnerCenterError(`Partner Center answered ${answer.status}: ${what}`, {
    statusCode: answer.status,
    ...body,
    requestId: call.requestId,
    correlationId: call.correlationId,
    request: call.request,
    retryAfterInMs: answer.retryAfterInMs,
    response: summarizeResponse(answer.status, answer.headers, answer.bodyAsText),
  });
}

function describeUnreadableBody(contentType: string | undefined, text: string): string {
  if (text.trim() === "") return "(empty body)";
  return `(a body that is not a Partner Center error${contentType ? `, ${oneLine(contentType.split(";")[0] ?? "")}` : ""})`;
}

export function parseError(
  call: CallFacts,
  answer: AnswerFacts,
  operationId: string,
  cause?: unknown,
): PartnerCenterError {
  return new PartnerCenterError(
    `Partner Center answered ${answer.status} without the JSON object ${operationId} returns. The call itself ` +
      `may have succeeded: check before repeating it (requestId ${call.requestId}).`,
    {
      statusCode: answer.status,
      code: PartnerCenterError.PARSE_ERROR,
      requestId: call.requestId,
      correlationId: call.correlationId,
      request: call.request,
      response: summarizeResponse(answer.status, answer.headers, answer.bodyAsText),
      cause,
    },
  );
}

export function validationError(
  call: CallFacts,
  status: number,
  operationId: string,
  errors: string[],
  body: unknown,
): PartnerCenterError {
  return new PartnerCenterError(
    `Partner Center answered ${status} to ${operationId} with a body that does not match the API ` +
      `description: ${oneLine(errors.slice(0, 3).join("; "))}. The call itself succeeded (requestId ${call.requestId}).`,
    {
      statusCode: status,
      code: PartnerCenterError.RESPONSE_VALIDATION_ERROR,
      data: errors,
      details: { body },
      requestId: call.requestId,
      correlationId: call.correlationId,
      request: call.request,
    },
  );
}

export function pagingError(message: string): PartnerCenterError {
  return new PartnerCenterError(oneLine(message), { statusCode: 200, code: PartnerCenterError.PAGING_ERROR });
}

export function provisioningTimeoutError(maxWaitInMs: number, lines: unknown): PartnerCenterError {
  return new PartnerCenterError(
    `The order's line items were not all provisioned within ${maxWaitInMs} ms; the order is unaffected.`,
    { statusCode: 200, code: PartnerCenterError.PROVISIONING_TIMEOUT, data: lines },
  );
}
