/**
 * The transport under openapi-fetch: openapi-fetch builds one Request per logical call and hands it to
 * `send`, which owns everything that must happen per attempt. In order, for each attempt:
 *
 *   ids (once per call) → throttle slot → fresh token → rebuilt Request → fetch with timeouts
 *   → buffered body → slot settled → retry decision (429 / transient / network) → abortable wait → again
 *
 * Living below the middleware chain is what makes retries possible at all: a Request body can be sent
 * once, so each attempt gets a new Request built from the bytes read up front.
 */

import type { TokenSource } from "../credentials.js";
import { PartnerCenterError, type SentRequestSummary, summarizeRequest } from "../errors.js";
import { type AttemptSignal, startAttemptSignal } from "./attempt-signal.js";
import type { Clock } from "./clock.js";
import { responseClasses } from "./lazy-responses.js";
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type ResolvedRetryOptions,
} from "./retry-policy.js";
import { type Slot, type TenantRateLimiter, tenantOf } from "./throttle.js";

export const REQUEST_ID_HEADER = "MS-RequestId";
export const CORRELATION_ID_HEADER = "MS-CorrelationId";

/** Receives debug lines. Never given headers, bodies or tokens. */
export interface PartnerCenterLogger {
  debug?(message: string, context?: Record<string, unknown>): void;
  warn?(message: string, context?: Record<string, unknown>): void;
}

export type Transport = (request: Request) => Promise<Response>;

export interface PipelineOptions {
  tokenSource: TokenSource;
  transport: Transport;
  clock: Clock;
  random: () => number;
  retry: ResolvedRetryOptions;
  /** Undefined when throttling is off. */
  limiter: TenantRateLimiter | undefined;
  attemptTimeoutInMs: number;
  logger: PartnerCenterLogger | undefined;
}

/** What one logical call did on the wire, for building errors above the pipeline. */
export interface Exchange {
  requestId?: string;
  correlationId?: string;
  /** The last attempt, without credentials. */
  request?: SentRequestSummary;
  attempts: number;
  /** The body of the final answer when it was not a success, with the token scrubbed out. */
  errorBodyAsText?: string;
}

export interface CallSettings {
  /** Budget for the whole call, waits included. Running out throws PartnerCenterError TIMEOUT. */
  timeoutInMs?: number;
  exchange?: Exchange;
}

export interface Pipeline {
  send(request: Request, call?: CallSettings): Promise<Response>;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function createPipeline(options: PipelineOptions): Pipeline {
  const { clock, retry, logger } = options;

  async function send(request: Request, call: CallSettings = {}): Promise<Response> {
    const exchange = call.exchange ?? { attempts: 0 };
    const headers = new Headers(request.headers);
    // One request id per logical call, kept on every retry: it is the service's idempotency key.
    if (!headers.get(REQUEST_ID_HEADER)) headers.set(REQUEST_ID_HEADER, crypto.randomUUID());
    if (!headers.get(CORRELATION_ID_HEADER)) headers.set(CORRELATION_ID_HEADER, crypto.randomUUID());
    exchange.requestId = headers.get(REQUEST_ID_HEADER) ?? undefined;
    exchange.correlationId = headers.get(CORRELATION_ID_HEADER) ?? undefined;

    const callerSignal = request.signal;
    const callTimeout = call.timeoutInMs === undefined ? undefined : AbortSignal.timeout(call.timeoutInMs);
    const callSignal = callTimeout ? AbortSignal.any([callerSignal, callTimeout]) : callerSignal;
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const tenant = tenantOf(request.url);
    const startedAt = clock.now();

    /** Turns an abort into the caller's reason, or into TIMEOUT when the call's own budget ran out. */
    const abortError = (cause?: unknown): unknown => {
      if (callerSignal.aborted) return callerSignal.reason;
      return failure(
        PartnerCenterError.TIMEOUT,
        `The call did not finish within ${call.timeoutInMs} ms`,
        cause,
      );
    };
    const failure = (code: string, what: string, cause: unknown) =>
      new PartnerCenterError(
        exchange.attempts === 0
          ? `${what}; nothing was sent (requestId ${exchange.requestId}).`
          : `${what} (${exchange.attempts} attempt${exchange.attempts === 1 ? "" : "s"}). The service may still ` +
              `have processed it: retry with the same requestId (${exchange.requestId}) so it is not done twice.`,
        {
          statusCode: 0,
          code,
          requestId: exchange.requestId,
          correlationId: exchange.correlationId,
          request: exchange.request,
          cause,
        },
      );

    for (let retryNumber = 0; ; retryNumber++) {
      let token: string;
      let slot: Slot | undefined;
      try {
        slot = await options.limiter?.acquire(tenant, callSignal);
        token = await options.tokenSource.getToken(callSignal);
      } catch (error) {
        if (callSignal.aborted) throw abortError(error);
        throw error;
      }

      const attemptHeaders = new Headers(headers);
      attemptHeaders.set("Authorization", `Bearer ${token}`);
      const attemptSignal = startAttemptSignal(callSignal, options.attemptTimeoutInMs);
      const attempt = new Request(request.url, {
        method: request.method,
        headers: attemptHeaders,
        body,
        redirect: request.redirect,
        signal: attemptSignal.signal,
      });
      exchange.request = summarizeRequest(attempt);
      exchange.attempts++;
      const attemptStartedAt = clock.now();
      logger?.debug?.(`→ ${attempt.method} ${attempt.url}`, {
        requestId: exchange.requestId,
        correlationId: exchange.correlationId,
        attempt: exchange.attempts,
      });

      const endAttempt = () => {
        attemptSignal.end();
        // The service has counted the request by now; its window runs from here at the latest.
        if (slot) options.limiter?.settle(slot);
      };
      let response: Response;
      try {
        response = await exchangeOnce(options.transport, attempt, token, attemptSignal, endAttempt);
      } catch (error) {
        if (callSignal.aborted) throw abortError(error);
        const timedOut = attemptSignal.timedOut;
        const delay = backoffDelay(retryNumber + 1, retry, options.random);
        if (retryNumber < retry.maxRetries && fitsBudget(delay)) {
          logger?.warn?.(
            `✗ ${attempt.method} ${attempt.url}: ${timedOut ? "timed out" : "not sent or no answer"}`,
            {
              requestId: exchange.requestId,
              retryInMs: delay,
            },
          );
          await wait(delay);
          continue;
        }
        throw timedOut
          ? failure(
              PartnerCenterError.TIMEOUT,
              `No answer within ${options.attemptTimeoutInMs} ms per attempt`,
              error,
            )
          : failure(
              PartnerCenterError.REQUEST_SEND_ERROR,
              `The request could not be sent or got no answer`,
              error,
            );
      }

      logger?.debug?.(`← ${response.status} ${attempt.method} ${attempt.url}`, {
        requestId: exchange.requestId,
        durationInMs: clock.now() - attemptStartedAt,
      });
      if (isRetryableStatus(response.status) && retryNumber < retry.maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get("Retry-After"), clock.now());
        const delay = retryAfter ?? backoffDelay(retryNumber + 1, retry, options.random);
        if (fitsBudget(delay)) {
          logger?.warn?.(`↻ ${response.status} ${attempt.method} ${attempt.url}`, {
            requestId: exchange.requestId,
            retryInMs: delay,
          });
          await wait(delay);
          continue;
        }
      }
      if (!response.ok) exchange.errorBodyAsText = scrub(await response.clone().text(), token);
      return response;
    }

    function fitsBudget(delay: number): boolean {
      return clock.now() - startedAt + delay <= retry.maxElapsedInMs;
    }

    async function wait(delay: number): Promise<void> {
      try {
        await clock.sleep(delay, callSignal);
      } catch (error) {
        throw abortError(error);
      }
    }
  }

  return { send };
}

/**
 * One attempt on the wire, over when its signal aborts even if the transport missed it. `endAttempt`
 * runs as soon as it has its answer or failed, before any wait.
 */
async function exchangeOnce(
  transport: Transport,
  attempt: Request,
  token: string,
  attemptSignal: AttemptSignal,
  endAttempt: () => void,
): Promise<Response> {
  try {
    return await attemptSignal.settle((async () => readWholeResponse(await transport(attempt), token))());
  } finally {
    endAttempt();
  }
}

/**
 * Reads the body inside the attempt, so a connection that drops or stalls mid-body counts as a failed
 * attempt (retried, or reported with the request id) instead of surfacing later as a stray rejection.
 */
async function readWholeResponse(response: Response, token: string): Promise<Response> {
  const bytes = NULL_BODY_STATUSES.has(response.status) ? null : new Uint8Array(await response.arrayBuffer());
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    headers.append(name, scrub(value, token));
  });
  // The bytes are already decoded and whole; the original framing and encoding no longer describe them.
  headers.delete("content-encoding");
  headers.delete("transfer-encoding");
  if (bytes !== null) headers.set("content-length", String(bytes.byteLength));
  const { BufferedResponse } = await responseClasses();
  return new BufferedResponse(bytes, { status: response.status, statusText: response.statusText, headers });
}

/** Some gateways echo request headers into pages or headers; the token must not travel on in an error. */
function scrub(text: string, token: string): string {
  return token.length >= 8 ? text.split(token).join("[REDACTED]") : text;
}
