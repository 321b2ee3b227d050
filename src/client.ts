/**
 * PartnerCenterClient and createRawClient: check the options once, build the pipeline (ids, throttle,
 * token, retry) and the typed openapi-fetch client over it. `client.orders` and `client.raw` share
 * that one pipeline, so both are signed, retried and throttled alike.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { checkDuration, checkHeaderValue, checkInteger, checkObject } from "./arguments.js";
import { createTokenSource, type PartnerCenterCredential } from "./credentials.js";
import { KnownEndpoints } from "./models.js";
import type { ResponseValidator } from "./operation.js";
import { OrdersClient, type RawClient } from "./orders.js";
import { type Clock, systemClock } from "./pipeline/clock.js";
import { safeJsonMiddleware } from "./pipeline/json-middleware.js";
import {
  createPipeline,
  type PartnerCenterLogger,
  type Pipeline,
  type Transport,
} from "./pipeline/pipeline.js";
import {
  DEFAULT_RETRY_OPTIONS,
  type ResolvedRetryOptions,
  type RetryOptions,
} from "./pipeline/retry-policy.js";
import {
  DEFAULT_REQUESTS_PER_MINUTE,
  TenantRateLimiter,
  type ThrottlingOptions,
} from "./pipeline/throttle.js";

export interface PartnerCenterClientOptions {
  /** A token string, a function returning one, or a TokenCredential (such as one from @azure/identity). */
  credential: PartnerCenterCredential;
  /** The API root including `/v1`. Default KnownEndpoints.Global. A bare origin gets `/v1` appended. */
  endpoint?: string;
  /** Sent as X-Locale (such as `en-US`). */
  locale?: string;
  /** Sent as MS-PartnerCenter-Application: your application's name, for Microsoft support. */
  applicationName?: string;
  retryOptions?: RetryOptions;
  /** Limit of one attempt (connect, answer and body). Default 100 s. A timed-out attempt is retried. */
  attemptTimeoutInMs?: number;
  /** Client-side rate limit per customer tenant (default 500 per minute), or `false` for none. */
  throttling?: ThrottlingOptions | false;
  /** Receives one line per attempt, retry and wait; never headers, bodies or tokens. */
  logger?: PartnerCenterLogger;
  /** Checks successful bodies; see `partner-center-orders/validation`. */
  responseValidator?: ResponseValidator;
  /** The HTTP transport. Default globalThis.fetch. */
  fetch?: Transport;
  /** Time source for back-off, throttling and polling waits. Tests pass a ManualClock. */
  clock?: Clock;
  /** Source of back-off jitter, in [0, 1). Default Math.random. */
  random?: () => number;
}

export const DEFAULT_ATTEMPT_TIMEOUT_IN_MS = 100_000;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

interface Built {
  raw: RawClient;
  pipeline: Pipeline;
  endpoint: URL;
  limiter: TenantRateLimiter | undefined;
  clock: Clock;
}

export class PartnerCenterClient {
  /** The Orders API. */
  readonly orders: OrdersClient;
  /**
   * The typed openapi-fetch client over the same pipeline: `{data, error, response}` without throwing
   * for HTTP errors. Network failures, timeouts and unreadable success bodies still throw.
   */
  readonly raw: RawClient;
  /** The API root requests go to. */
  readonly endpoint: string;
  /** The per-tenant limiter (its `clock` drives its waits), or undefined when throttling is off. */
  readonly rateLimiter: TenantRateLimiter | undefined;

  constructor(options: PartnerCenterClientOptions) {
    const built = build(options);
    this.raw = built.raw;
    this.endpoint = built.endpoint.href.replace(/\/$/, "");
    this.rateLimiter = built.limiter;
    this.orders = new OrdersClient({
      raw: built.raw,
      pipeline: built.pipeline,
      endpoint: built.endpoint,
      clock: built.clock,
      responseValidator: options.responseValidator,
    });
  }
}

/** Just the typed openapi-fetch client, with the same pipeline as PartnerCenterClient. */
export function createRawClient(options: PartnerCenterClientOptions): RawClient {
  return build(options).raw;
}

function build(options: PartnerCenterClientOptions): Built {
  checkObject(options, "options");
  const clock = options.clock ?? systemClock;
  const tokenSource = createTokenSource(options.credential, clock);
  const endpoint = normalizeEndpoint(options.endpoint ?? KnownEndpoints.Global);
  const limiter = createLimiter(options.throttling, clock, options.logger);
  const attemptTimeoutInMs = checkDuration(
    options.attemptTimeoutInMs ?? DEFAULT_ATTEMPT_TIMEOUT_IN_MS,
    "options.attemptTimeoutInMs",
  );
  const transport = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  if (typeof transport !== "function") throw new TypeError("options.fetch must be a function.");
  const pipeline = createPipeline({
    tokenSource,
    transport,
    clock,
    random: options.random ?? Math.random,
    retry: resolveRetryOptions(options.retryOptions),
    limiter,
    attemptTimeoutInMs,
    logger: options.logger,
  });

  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.locale !== undefined)
    headers["X-Locale"] = checkHeaderValue(options.locale, "options.locale", LOCALE);
  if (options.applicationName !== undefined) {
    headers["MS-PartnerCenter-Application"] = checkHeaderValue(
      options.applicationName,
      "options.applicationName",
    );
  }
  const raw = createClient<paths>({
    baseUrl: endpoint.href.replace(/\/$/, ""),
    headers,
    fetch: (request) => pipeline.send(request),
  });
  raw.use(safeJsonMiddleware);
  return { raw, pipeline, endpoint, limiter, clock };
}

/**
 * An absolute https URL (http only for loopback, so tokens never cross a network in clear text),
 * without query or credentials; `/v1` is appended to a bare origin.
 */
export function normalizeEndpoint(endpoint: unknown): URL {
  if (typeof endpoint !== "string" || endpoint.trim() === "")
    throw new TypeError("options.endpoint must be a URL string.");
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`options.endpoint is not an absolute URL: ${endpoint}`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new TypeError("options.endpoint must use https (http is allowed only for localhost).");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError("options.endpoint must not contain credentials, a query or a fragment.");
  }
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = `${path === "" ? "/v1" : path}/`;
  return url;
}

function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  if (options === undefined) return DEFAULT_RETRY_OPTIONS;
  checkObject(options, "options.retryOptions");
  const resolved = { ...DEFAULT_RETRY_OPTIONS, ...stripUndefined(options) };
  checkInteger(resolved.maxRetries, "options.retryOptions.maxRetries", 0, 10);
  checkDuration(resolved.retryDelayInMs, "options.retryOptions.retryDelayInMs", true);
  checkDuration(resolved.maxRetryDelayInMs, "options.retryOptions.maxRetryDelayInMs", true);
  checkDuration(resolved.maxElapsedInMs, "options.retryOptions.maxElapsedInMs", true);
  return resolved;
}

function createLimiter(
  throttling: ThrottlingOptions | false | undefined,
  clock: Clock,
  logger: PartnerCenterLogger | undefined,
): TenantRateLimiter | undefined {
  if (throttling === false) return undefined;
  if (throttling !== undefined) checkObject(throttling, "options.throttling");
  const perMinute = throttling?.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  checkInteger(perMinute, "options.throttling.requestsPerMinute", 1, 1_000_000);
  // Shared store (throttling.store): its fallback and warning live in the limiter.
  if (throttling?.storeTimeoutInMs !== undefined)
    checkDuration(throttling.storeTimeoutInMs, "options.throttling.storeTimeoutInMs");
  return new TenantRateLimiter(perMinute, clock, {
    store: throttling?.store,
    storeTimeoutInMs: throttling?.storeTimeoutInMs,
    logger,
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
