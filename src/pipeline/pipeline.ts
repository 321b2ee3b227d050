/**
 * The one owner of the wire. `send` takes a request as plain data and returns the answer as plain
 * data (status, headers, bytes), or throws the PartnerCenterError of whatever went wrong. For each
 * attempt, in order:
 *
 *   ids (once per call, if missing) → limiter slot → token (bounded, abortable) → send under the
 *   attempt timer (capped to the time left) → redirect check → capped body → token scrubbed out
 *   → retry decision within the budget → abortable wait → again
 *
 * Helpers are leaves it calls and returns from: retry-policy.ts (what to retry, how long to wait),
 * throttle.ts (the limiter), credentials.ts (tokens), errors.ts (every error), and the transport
 * (node-transport.ts by default, fetch-transport.ts for a user-supplied fetch).
 */

import { InvalidTokenError, type TokenSource } from "../credentials.js";
import {
  type AnswerFacts,
  abortedError,
  type CallFacts,
  credentialError,
  httpError,
  type PartnerCenterError,
  redirectError,
  sendError,
  summarizeRequest,
  timeoutError,
  tooLargeError,
} from "../errors.js";
import type { Clock } from "./clock.js";
import { backoffDelay, isRetryableStatus, type ResolvedRetryOptions, retryAfterOf } from "./retry-policy.js";
import { type Slot, tenantOf } from "./throttle.js";
import type { WireRequest, WireTransport } from "./wire.js";

export const REQUEST_ID_HEADER = "ms-requestid";
export const CORRELATION_ID_HEADER = "ms-correlationid";

/** Receives debug lines. Never given headers, bodies or tokens. */
export interface PartnerCenterLogger {
  debug?(message: string, context?: Record<string, unknown>): void;
  warn?(message: string, context?: Record<string, unknown>): void;
}

/** The part of a rate limiter the pipeline uses. */
export interface RateLimiter {
  acquire(tenant: string, abortSignal?: AbortSignal): Promise<Slot>;
  settle(slot: Slot): void;
}

export interface PipelineOptions {
  tokenSource: TokenSource;
  /** Loaded on first use when not given: the default node:http(s) transport. */
  transport: () => Promise<WireTransport> | WireTransport;
  /** False when the transport may miss an abort (a user-supplied fetch): the pipeline races it. */
  transportHonoursAbort: boolean;
  clock: Clock;
  random: () => number;
  retry: ResolvedRetryOptions;
  /** Undefined when throttling is off. */
  limiter: RateLimiter | undefined;
  attemptTimeoutInMs: number;
  maxResponseBytes: number;
  logger: PartnerCenterLogger | undefined;
}

/** A request as plain data; header names in lower case. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

export interface CallSettings {
  abortSignal?: AbortSignal | undefined;
  /** Budget for the whole call, waits included. */
  timeoutInMs?: number | undefined;
  /** Resolve with non-2xx answers instead of throwing their PartnerCenterError (for `client.raw`). */
  resolveHttpErrors?: boolean;
}

/** The answer, with what the call did (ids, the request as sent) for errors built above. */
export interface WireResult {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  call: CallFacts;
}

export interface Pipeline {
  send(request: OutgoingRequest, settings: CallSettings): Promise<WireResult>;
}

const TIMED_OUT = new DOMException("The operation timed out.", "TimeoutError");
const utf8 = new TextDecoder();

export function createPipeline(options: PipelineOptions): Pipeline {
  const { clock, retry, logger, limiter, tokenSource } = options;
  // Loaded once, on the first call; concurrent first calls share the one load.
  let transportLoad: Promise<WireTransport> | undefined;
  let transport: WireTransport | undefined;

  async function send(request: OutgoingRequest, settings: CallSettings): Promise<WireResult> {
    const headers = request.headers;
    // Set once per logical call and kept on every retry: the request id is the service's idempotency key.
    headers[REQUEST_ID_HEADER] ??= crypto.randomUUID();
    headers[CORRELATION_ID_HEADER] ??= crypto.randomUUID();
    let attempts = 0;
    let token = "";
    const call: CallFacts = {
      requestId: headers[REQUEST_ID_HEADER],
      correlationId: headers[CORRELATION_ID_HEADER],
      get attempts() {
        return attempts;
      },
      // Built only when an error needs it; the authorization header is never in it.
      get request() {
        return attempts === 0
          ? undefined
          : summarizeRequest(request.method, request.url, Object.entries(headers));
      },
      redact: (text) => scrubText(text, token),
    };
    const callerSignal = settings.abortSignal;
    // maxElapsedInMs runs from the first attempt's slot: a burst queued behind the limiter waits its
    // turn (bounded by timeoutInMs and the caller's signal), later waits and attempts count.
    let clockDeadline = Infinity;
    const timeoutAt =
      settings.timeoutInMs === undefined ? Infinity : performance.now() + settings.timeoutInMs;
    const timeLeft = () => Math.min(clockDeadline - clock.now(), timeoutAt - performance.now());
    const budgetText = () =>
      settings.timeoutInMs !== undefined && timeoutAt - performance.now() <= clockDeadline - clock.now()
        ? `The call did not finish within timeoutInMs (${settings.timeoutInMs} ms)`
        : `The call did not finish within maxElapsedInMs (${retry.maxElapsedInMs} ms)`;
    const tenant = tenantOf(request.url);
    transportLoad ??= Promise.resolve(options.transport());
    transport ??= await transportLoad;
    const wire: WireRequest = {
      method: request.method,
      url: request.url,
      headers,
      body: request.body,
      maxResponseBytes: options.maxResponseBytes,
    };

    for (let retryNumber = 0; ; retryNumber++) {
      if (callerSignal?.aborted) throw abortedError(call, callerSignal.reason);
      const left = timeLeft();
      if (left <= 0) throw timeoutError(call, budgetText());
      const scope = new AttemptScope(callerSignal);
      let slot: Slot | undefined;
      let failure: unknown;
      let answer: Awaited<ReturnType<WireTransport>> | undefined;
      try {
        // Waiting for a slot may use the whole budget; the attempt's own limit starts after it.
        scope.arm(left, "call");
        slot = await limiter?.acquire(tenant, scope.signal);
        if (clockDeadline === Infinity) clockDeadline = clock.now() + retry.maxElapsedInMs;
        scope.arm(Math.min(options.attemptTimeoutInMs, timeLeft()), "attempt");
        token = await acquireToken(scope, call, tokenSource);
        headers.authorization = `Bearer ${token}`;
        attempts++;
        logger?.debug?.(`→ ${wire.method} ${wire.url}`, {
          requestId: call.requestId,
          correlationId: call.correlationId,
          attempt: attempts,
        });
        const sent = transport(wire, scope.signal);
        answer = await (options.transportHonoursAbort ? sent : untilAborted(sent, scope.signal));
      } catch (error) {
        failure = error;
      } finally {
        scope.end();
        // The service has counted the request by now; its window runs from here at the latest.
        if (slot) limiter?.settle(slot);
        delete headers.authorization;
      }

      if (answer === undefined) {
        if (isCredentialError(failure)) throw failure;
        if (callerSignal?.aborted) throw abortedError(call, callerSignal.reason);
        if (scope.expired === "call") throw timeoutError(call, budgetText(), failure);
        const timedOut = scope.expired === "attempt";
        const final = () =>
          timedOut
            ? timeLeft() <= 0
              ? timeoutError(call, budgetText(), failure)
              : timeoutError(call, `No answer within ${options.attemptTimeoutInMs} ms per attempt`, failure)
            : sendError(call, failure);
        const delay = backoffDelay(retryNumber + 1, retry, options.random);
        if (retryNumber >= retry.maxRetries || delay >= timeLeft()) throw final();
        logger?.warn?.(`✗ ${wire.method} ${wire.url}: ${timedOut ? "timed out" : "not sent or no answer"}`, {
          requestId: call.requestId,
          retryInMs: delay,
        });
        await wait(delay, call, callerSignal);
        continue;
      }

      const status = answer.status;
      // Not retried: a create may have gone through; the caller decides with the requestId.
      if (answer.tooLarge) throw tooLargeError(call, status, options.maxResponseBytes);
      const answerHeaders = scrubHeaders(answer.headers, token);
      answerHeaders["content-length"] = String(answer.body.byteLength);
      logger?.debug?.(`← ${status} ${wire.method} ${wire.url}`, { requestId: call.requestId });
      // A success body goes to the caller as it came; whatever of it goes into an error is redacted there.
      if (status >= 200 && status < 300) return { status, headers: answerHeaders, body: answer.body, call };
      const body = scrubBytes(answer.body, token);

      const facts: AnswerFacts = {
        status,
        headers: answerHeaders,
        bodyAsText: utf8.decode(body),
        retryAfterInMs: retryAfterOf(answerHeaders, clock.now()),
      };
      if (status >= 300 && status < 400) throw redirectError(call, facts);
      // The service refused the token: the next attempt or call asks the credential for a new one.
      if (status === 401) tokenSource.invalidate(token);
      if (isRetryableStatus(status) && retryNumber < retry.maxRetries) {
        const delay = facts.retryAfterInMs ?? backoffDelay(retryNumber + 1, retry, options.random);
        // A wait that does not fit the time left ends the call now, with this answer's error.
        if (delay < timeLeft()) {
          logger?.warn?.(`↻ ${status} ${wire.method} ${wire.url}`, {
            requestId: call.requestId,
            retryInMs: delay,
          });
          await wait(delay, call, callerSignal);
          continue;
        }
      }
      if (settings.resolveHttpErrors) return { status, headers: answerHeaders, body, call };
      throw httpError(call, facts);
    }
  }

  async function wait(delay: number, call: CallFacts, callerSignal: AbortSignal | undefined): Promise<void> {
    try {
      await clock.sleep(delay, callerSignal);
    } catch (error) {
      throw abortedError(call, callerSignal?.aborted ? callerSignal.reason : error);
    }
  }

  return { send };
}

/** Credential failures become CREDENTIAL_ERROR; aborts and timeouts pass through as such. */
async function acquireToken(scope: AttemptScope, call: CallFacts, tokenSource: TokenSource): Promise<string> {
  try {
    return await tokenSource.getToken(scope.signal);
  } catch (error) {
    if (scope.signal.aborted) throw error;
    throw credentialError(call, error, error instanceof InvalidTokenError ? error.message : undefined);
  }
}

/** A failure acquireToken already turned into its PartnerCenterError: passed on as it is. */
function isCredentialError(error: unknown): error is PartnerCenterError {
  return error instanceof Error && (error as PartnerCenterError).code === "CREDENTIAL_ERROR";
}

/**
 * One controller and one timer per attempt, re-armed between the limiter wait (limited by the call's
 * budget) and the attempt itself (limited by the attempt timeout, capped to the time left). The
 * caller's abort is forwarded with the caller's reason.
 */
class AttemptScope {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  expired: "call" | "attempt" | undefined;

  constructor(caller: AbortSignal | undefined) {
    this.#caller = caller;
    caller?.addEventListener("abort", this.#forward, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  arm(ms: number, kind: "call" | "attempt"): void {
    clearTimeout(this.#timer);
    if (ms === Infinity) return;
    this.#timer = setTimeout(
      () => {
        this.expired = kind;
        this.#controller.abort(TIMED_OUT);
      },
      Math.max(0, ms),
    );
  }

  end(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#forward);
  }

  #forward = () => this.#controller.abort(this.#caller?.reason);
}

/** Settles like `work`, or rejects as soon as `signal` aborts, for transports that may miss the abort. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

const REDACTED = "[REDACTED]";

/** Tokens shorter than 8 characters are not scrubbed: they would match ordinary text. */
function scrubText(text: string, token: string): string {
  return token.length >= 8 && text.includes(token) ? text.split(token).join(REDACTED) : text;
}

/** Some gateways echo request headers into pages; the token must not travel on in an error. */
function scrubBytes(body: Uint8Array, token: string): Uint8Array {
  if (token.length < 8 || body.byteLength < token.length) return body;
  const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (view.indexOf(token) === -1) return body;
  return Buffer.from(scrubText(view.toString("utf8"), token));
}

function scrubHeaders(headers: Record<string, string>, token: string): Record<string, string> {
  if (token.length < 8) return headers;
  for (const name of Object.keys(headers)) {
    headers[name] = scrubText(headers[name] as string, token);
  }
  return headers;
}
