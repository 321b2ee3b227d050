/**
 * The wrapper side of one call. openapi-fetch builds the URL, headers and body from the generated
 * types into a PlainRequest (no undici object); the fetch given here hands that to the pipeline, and
 * the pipeline's plain result comes back to openapi-fetch as a WireAnswer, whose `json()` parses the
 * body once, safely. The wrapper then checks the value and returns it, or throws the typed error built
 * by errors.ts. Only `client.raw` gets a real Response (rawFetch below), because it hands one out.
 */
import { checkCommonOptions, copyOwn } from "./arguments.js";
import { type AnswerFacts, type CallFacts, parseError, validationError } from "./errors.js";
import { isPlainRecord, mayHoldForbiddenKey, parseJsonSafely } from "./json.js";
import type { CallSettings, OutgoingRequest, Pipeline, WireResult } from "./pipeline/pipeline.js";

/** Options every operation takes. */
export interface OperationOptions {
  /**
   * Cancels the call, including waits for a throttle slot or a retry. It rejects with a
   * PartnerCenterError whose `name` is "AbortError", `code` ABORTED, `cause` the signal's reason and
   * `requestId` the call's idempotency key.
   */
  abortSignal?: AbortSignal;
  /**
   * The MS-RequestId (a GUID), the service's idempotency key. By default a new one per call, reused by
   * every automatic retry. To retry a call yourself after a failure without an answer (statusCode 0),
   * pass the failed call's `error.requestId` so the service does not act twice.
   */
  requestId?: string;
  /** The MS-CorrelationId (a GUID). By default a new one per call. */
  correlationId?: string;
  /** Time budget for the whole call including retries and waits; then PartnerCenterError TIMEOUT. */
  timeoutInMs?: number;
}

/** Checks a successful body against the API description; see `partner-center-orders/validation`. */
export interface ResponseValidator {
  validateResponse(operationId: string, status: number, body: unknown): { valid: boolean; errors: string[] };
}

export interface OperationContext {
  pipeline: Pipeline;
  responseValidator: ResponseValidator | undefined;
}

/** The per-call options, read once (own properties only) and checked. */
export interface CallOptions {
  readonly abortSignal: AbortSignal | undefined;
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
  readonly timeoutInMs: number | undefined;
}

const CALL_OPTION_KEYS = ["abortSignal", "requestId", "correlationId", "timeoutInMs"] as const;

/** Copies the common options once, then checks the copy; the copy is what the call uses. */
export function readCallOptions(options: unknown): CallOptions {
  if (options === undefined) return NO_OPTIONS;
  const copy = copyOwn(options, "options", CALL_OPTION_KEYS) as CallOptions;
  checkCommonOptions(copy);
  return copy;
}

const NO_OPTIONS: CallOptions = Object.freeze({
  abortSignal: undefined,
  requestId: undefined,
  correlationId: undefined,
  timeoutInMs: undefined,
});

/** What the wrapper hands to the openapi-fetch call. */
export interface InvokeInit {
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
}

interface RawResult<T> {
  data?: T;
  response: Response;
}

/** Runs a JSON operation; resolves with the parsed body (always an object). */
export async function callJson<T>(
  context: OperationContext,
  operationId: string,
  options: CallOptions,
  invoke: (init: InvokeInit) => Promise<RawResult<T>>,
  onAnswer?: (call: CallFacts) => void,
): Promise<T> {
  const { data, response } = await invoke(invokeInit(context, options, operationId));
  const answer = response as unknown as WireAnswer;
  const { call, status } = answer.result;
  onAnswer?.(call);
  if (!isPlainRecord(data)) throw parseError(call, answer.facts(), operationId);
  const verdict = context.responseValidator?.validateResponse(operationId, status, data);
  if (verdict && !verdict.valid) {
    // What goes into the error is redacted: a gateway may have echoed the token into the body.
    const text = utf8.decode(answer.result.body);
    const clean = call.redact(text);
    const reparsed = clean === text ? undefined : parseJsonSafely(clean);
    const body = reparsed === undefined ? data : reparsed.ok ? reparsed.value : clean;
    const errors = verdict.errors.map((line) => call.redact(line));
    throw validationError(call, status, operationId, errors, body);
  }
  return data;
}

/** Runs an operation whose answer is a file; resolves with the body as a Blob and the headers. */
export async function callBinary(
  context: OperationContext,
  options: CallOptions,
  invoke: (init: InvokeInit) => Promise<RawResult<unknown>>,
): Promise<{ content: Blob; headers: Record<string, string> }> {
  const { response } = await invoke(invokeInit(context, options, "download"));
  const { result } = response as unknown as WireAnswer;
  return {
    content: new Blob([result.body as Uint8Array<ArrayBuffer>], {
      type: result.headers["content-type"] ?? "",
    }),
    headers: result.headers,
  };
}

function invokeInit(context: OperationContext, options: CallOptions, operationId: string): InvokeInit {
  const headers: Record<string, string> = {};
  if (options.requestId !== undefined) headers["MS-RequestId"] = options.requestId;
  if (options.correlationId !== undefined) headers["MS-CorrelationId"] = options.correlationId;
  const settings: CallSettings = { abortSignal: options.abortSignal, timeoutInMs: options.timeoutInMs };
  return {
    headers,
    fetch: (async (request: PlainRequest) =>
      new WireAnswer(
        await context.pipeline.send(await request.toOutgoing(), settings),
        operationId,
      )) as never,
  };
}

/**
 * openapi-fetch's `Request` option: keeps what openapi-fetch built, as it is, without an undici
 * Request (which costs more than the rest of the call's client-side work).
 */
export class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: unknown;

  constructor(url: string, init: { method: string; headers: Headers; body?: unknown }) {
    this.url = url;
    this.method = init.method;
    this.headers = init.headers;
    this.body = init.body;
  }

  async toOutgoing(): Promise<OutgoingRequest> {
    const headers: Record<string, string> = {};
    this.headers.forEach((value, name) => {
      headers[name] = value;
    });
    let body = this.body as string | Uint8Array | undefined;
    if (this.body instanceof FormData) {
      // A multipart upload: let the platform write the parts and the boundary once.
      const encoded = new Response(this.body);
      headers["content-type"] = encoded.headers.get("content-type") ?? "multipart/form-data";
      body = new Uint8Array(await encoded.arrayBuffer());
    }
    return { method: this.method, url: this.url, headers, body };
  }
}

const utf8 = new TextDecoder();

/**
 * The pipeline's result in the shape openapi-fetch reads (status, ok, `headers.get`, `json()`); with
 * a Content-Length always present, openapi-fetch calls `json()`, which parses once, safely.
 */
class WireAnswer {
  readonly status: number;
  readonly ok = true;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly result: WireResult,
    readonly operationId: string,
  ) {
    this.status = result.status;
    const length = String(result.body.byteLength);
    this.headers = {
      get: (name) => {
        const key = name.toLowerCase();
        return key === "content-length" ? length : (result.headers[key] ?? null);
      },
    };
  }

  json(): Promise<unknown> {
    const parsed = parseJsonSafely(utf8.decode(this.result.body));
    if (parsed.ok) return Promise.resolve(parsed.value);
    // JSON.parse quotes the text near the fault; that quote may hold an echoed token.
    const cause = new SyntaxError(this.result.call.redact(parsed.error.message));
    return Promise.reject(parseError(this.result.call, this.facts(), this.operationId, cause));
  }

  facts(): AnswerFacts {
    const { status, headers, body, call } = this.result;
    return { status, headers, bodyAsText: call.redact(utf8.decode(body)) };
  }
}

/**
 * The fetch under `client.raw`: the same pipeline, non-2xx answers resolved rather than thrown, and
 * a real Response handed out. A success body that is not JSON fails as PARSE_ERROR (openapi-fetch
 * would throw a bare SyntaxError); keys that could pollute prototypes are dropped.
 */
export function rawFetch(pipeline: Pipeline): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const result = await pipeline.send(
      { method: request.method, url: request.url, headers, body },
      { abortSignal: request.signal, resolveHttpErrors: true },
    );
    return new Response(nullBodyStatus(result.status) ? null : cleanJson(result), {
      status: result.status,
      headers: result.headers,
    });
  };
}

function nullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

function cleanJson(result: WireResult): Uint8Array<ArrayBuffer> | string {
  const body = result.body as Uint8Array<ArrayBuffer>;
  const type = result.headers["content-type"] ?? "";
  if (result.status >= 300 || !/json/i.test(type) || body.byteLength === 0) return body;
  const text = utf8.decode(body);
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) {
    const { call } = result;
    const facts = { status: result.status, headers: result.headers, bodyAsText: call.redact(text) };
    throw parseError(call, facts, "request", new SyntaxError(call.redact(parsed.error.message)));
  }
  if (!mayHoldForbiddenKey(text)) return body;
  const clean = JSON.stringify(parsed.value);
  result.headers["content-length"] = String(Buffer.byteLength(clean));
  return clean;
}
