/**
 * One logical call, from the wrapper's side: validate the common options, pick the ids, run the
 * openapi-fetch call over the pipeline, and turn the outcome into data or a PartnerCenterError.
 */
import { checkCommonOptions } from "./arguments.js";
import { createHttpError, PartnerCenterError, summarizeResponse } from "./errors.js";
import { isPlainRecord } from "./json.js";
import type { Clock } from "./pipeline/clock.js";
import {
  CORRELATION_ID_HEADER,
  type Exchange,
  type Pipeline,
  REQUEST_ID_HEADER,
} from "./pipeline/pipeline.js";
import { parseRetryAfter } from "./pipeline/retry-policy.js";

/** Options every operation takes. */
export interface OperationOptions {
  /** Cancels the call, including waits for a throttle slot or a retry; it rejects with the signal's reason. */
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
  clock: Clock;
  responseValidator: ResponseValidator | undefined;
}

/** What the wrapper hands to the openapi-fetch call. */
export interface InvokeInit {
  signal: AbortSignal | undefined;
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
}

interface RawResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Runs a JSON operation; resolves with the parsed body (always an object). */
export async function callJson<T>(
  context: OperationContext,
  operationId: string,
  options: OperationOptions | undefined,
  invoke: (init: InvokeInit) => Promise<RawResult<T>>,
): Promise<T> {
  const { result, exchange } = await call(context, options, invoke);
  const { data, response } = result;
  if (!isPlainRecord(data)) {
    throw new PartnerCenterError(
      `Partner Center answered ${response.status} without the JSON object ${operationId} returns. The call itself ` +
        `may have succeeded: check before repeating it (requestId ${exchange.requestId}).`,
      {
        statusCode: response.status,
        code: PartnerCenterError.PARSE_ERROR,
        requestId: exchange.requestId,
        correlationId: exchange.correlationId,
        request: exchange.request,
        response: summarizeResponse(response.status, response.headers, printable(data)),
      },
    );
  }
  const verdict = context.responseValidator?.validateResponse(operationId, response.status, data);
  if (verdict && !verdict.valid) {
    throw new PartnerCenterError(
      `Partner Center answered ${response.status} to ${operationId} with a body that does not match the API ` +
        `description: ${verdict.errors.slice(0, 3).join("; ")}. The call itself succeeded (requestId ${exchange.requestId}).`,
      {
        statusCode: response.status,
        code: PartnerCenterError.RESPONSE_VALIDATION_ERROR,
        data: verdict.errors,
        details: { body: data },
        requestId: exchange.requestId,
        correlationId: exchange.correlationId,
        request: exchange.request,
      },
    );
  }
  return data;
}

/** The body for an error summary; JSON.parse accepts nesting deeper than JSON.stringify can print. */
function printable(data: unknown): string {
  if (data === undefined) return "";
  try {
    return JSON.stringify(data);
  } catch {
    return "[body nested too deeply to print]";
  }
}

/** Runs an operation whose answer is a file; resolves with the response (body already buffered). */
export async function callBinary(
  context: OperationContext,
  options: OperationOptions | undefined,
  invoke: (init: InvokeInit) => Promise<RawResult<unknown>>,
): Promise<Response> {
  const { result } = await call(context, options, invoke);
  return result.response;
}

async function call<T>(
  context: OperationContext,
  options: OperationOptions | undefined,
  invoke: (init: InvokeInit) => Promise<RawResult<T>>,
): Promise<{ result: RawResult<T>; exchange: Exchange }> {
  checkCommonOptions(options);
  const exchange: Exchange = { attempts: 0 };
  // Chosen here, once per logical call: the pipeline keeps them on every retry.
  const headers = {
    [REQUEST_ID_HEADER]: options?.requestId ?? crypto.randomUUID(),
    [CORRELATION_ID_HEADER]: options?.correlationId ?? crypto.randomUUID(),
  };
  const result = await invoke({
    signal: options?.abortSignal,
    headers,
    fetch: (request) => context.pipeline.send(request, { timeoutInMs: options?.timeoutInMs, exchange }),
  });
  if (!result.response.ok) {
    throw createHttpError({
      response: result.response,
      bodyAsText: exchange.errorBodyAsText ?? "",
      request: exchange.request,
      requestId: exchange.requestId,
      correlationId: exchange.correlationId,
      retryAfterInMs: parseRetryAfter(result.response.headers.get("Retry-After"), context.clock.now()),
    });
  }
  return { result, exchange };
}
