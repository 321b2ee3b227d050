/**
 * PartnerCenterClient and createRawClient: copy the options once, check them, and build the pipeline
 * (ids, limiter, token, attempts, retries: the one owner of the wire) and the typed openapi-fetch
 * clients over it. `client.orders` and `client.raw` share that one pipeline, so both are signed,
 * retried, throttled and bounded alike.
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { checkDuration, checkHeaderValue, checkInteger, copyOwn } from "./arguments.js";
import { createTokenSource, type PartnerCenterCredential } from "./credentials.js";
import { KnownEndpoints } from "./models.js";
import { PlainRequest, type ResponseValidator, rawFetch } from "./operation.js";
import { OrdersClient, type RawClient } from "./orders.js";
import { type Clock, systemClock } from "./pipeline/clock.js";
import { createFetchTransport, type Transport } from "./pipeline/fetch-transport.js";
import { createPipeline, type PartnerCenterLogger } from "./pipeline/pipeline.js";
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
import type { WireTransport } from "./pipeline/wire.js";

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
  /**
   * Limit of one attempt (token, connect, answer and body). Default 100 s. A timed-out attempt is
   * retried; the last one is cut to the time left of `timeoutInMs` / `maxElapsedInMs`.
   */
  attemptTimeoutInMs?: number;
  /** Largest response body read (after decompression), in bytes. Default 8 MiB; more is RESPONSE_TOO_LARGE. */
  maxResponseBytes?: number;
  /** Client-side rate limit per customer tenant (default 500 per minute), or `false` for none. */
  throttling?: ThrottlingOptions | false;
  /** Receives one line per attempt, retry and wait; never headers, bodies or tokens. */
  logger?: PartnerCenterLogger;
  /** Checks successful bodies; see `partner-center-orders/validation`. */
  responseValidator?: ResponseValidator;
  /**
   * The HTTP transport, for tests and other runtimes. Default: node:http(s) with keep-alive agents,
   * honouring HTTPS_PROXY / HTTP_PROXY / NO_PROXY. A given fetch gets `redirect: "manual"` Requests.
   */
  fetch?: Transport;
}

export const DEFAULT_ATTEMPT_TIMEOUT_IN_MS = 100_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const OPTION_KEYS = [
  "credential",
  "endpoint",
  "locale",
  "applicationName",
  "retryOptions",
  "attemptTimeoutInMs",
  "maxResponseBytes",
  "throttling",
  "logger",
  "responseValidator",
  "fetch",
] as const;

/**
 * Test seams, kept off the public entry point: see src/internal.ts. A registered symbol, so scripts
 * that load the built package (the benchmarks) can pass a clock too; it is not part of the API.
 */
export const TEST_SEAMS: unique symbol = Symbol.for("partner-center-orders.testSeams");

export interface TestSeams {
  /** Time source for back-off, throttling and polling waits. */
  clock?: Clock;
  /** Source of back-off jitter, in [0, 1). */
  random?: () => number;
}

const limiters = new WeakMap<object, TenantRateLimiter>();

/** The client's per-tenant limiter, for tests (see src/internal.ts). */
export function rateLimiterOf(client: PartnerCenterClient): TenantRateLimiter | undefined {
  return limiters.get(client);
}

interface Built {
  raw: RawClient;
  orders: OrdersClient;
  endpoint: URL;
  limiter: TenantRateLimiter | undefined;
}

export class PartnerCenterClient {
  /** The Orders API. */
  readonly orders: OrdersClient;
  /**
   * The typed openapi-fetch client over the same pipeline: `{data, error, response}` without throwing
   * for HTTP errors. Network failures, timeouts, redirects and unreadable success bodies still throw.
   */
  readonly raw: RawClient;
  /** The API root requests go to. */
  readonly endpoint: string;

  constructor(options: PartnerCenterClientOptions) {
    const built = build(options);
    this.raw = built.raw;
    this.orders = built.orders;
    this.endpoint = built.endpoint.href.replace(/\/$/, "");
    if (built.limiter) limiters.set(this, built.limiter);
  }
}

/** Just the typed openapi-fetch client, with the same pipeline as PartnerCenterClient. */
export function createRawClient(options: PartnerCenterClientOptions): RawClient {
  return build(options).raw;
}

function build(options: PartnerCenterClientOptions): Built {
  const own = copyOwn(options, "options", OPTION_KEYS);
  const seams =
    (Object.hasOwn(options, TEST_SEAMS)
      ? (options as { [TEST_SEAMS]?: TestSeams })[TEST_SEAMS]
      : undefined) ?? {};
  const clock = seams.clock ?? systemClock;
  const tokenSource = createTokenSource(own.credential as PartnerCenterCredential, clock);
  const endpoint = normalizeEndpoint(own.endpoint ?? KnownEndpoints.Global);
  const logger = own.logger as PartnerCenterLogger | undefined;
  const limiter = createLimiter(own.throttling as ThrottlingOptions | false | undefined, clock, logger);
  const attemptTimeoutInMs = checkDuration(
    own.attemptTimeoutInMs ?? DEFAULT_ATTEMPT_TIMEOUT_IN_MS,
    "options.attemptTimeoutInMs",
  );
  const maxResponseBytes = checkInteger(
    own.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    "options.maxResponseBytes",
    1,
    Number.MAX_SAFE_INTEGER,
  );
  if (own.fetch !== undefined && typeof own.fetch !== "function") {
    throw new TypeError("options.fetch must be a function.");
  }
  const userFetch = own.fetch as Transport | undefined;
  // Proxy variables are read now, once: changing them later does not move a client's traffic.
  const proxies = userFetch ? undefined : proxyEnv();
  const pipeline = createPipeline({
    tokenSource,
    transport: userFetch
      ? () => createFetchTransport(userFetch)
      : async (): Promise<WireTransport> => {
          const { createNodeTransport, proxySettingsFromEnv } = await import("./pipeline/node-transport.js");
          return createNodeTransport(proxySettingsFromEnv(proxies ?? {}));
        },
    transportHonoursAbort: userFetch === undefined,
    clock,
    random: seams.random ?? Math.random,
    retry: resolveRetryOptions(own.retryOptions),
    limiter,
    attemptTimeoutInMs,
    maxResponseBytes,
    logger,
  });

  const headers: Record<string, string> = { Accept: "application/json" };
  if (own.locale !== undefined) headers["X-Locale"] = checkHeaderValue(own.locale, "options.locale", LOCALE);
  if (own.applicationName !== undefined) {
    headers["MS-PartnerCenter-Application"] = checkHeaderValue(
      own.applicationName,
      "options.applicationName",
    );
  }
  const baseUrl = endpoint.href.replace(/\/$/, "");
  const raw = createClient<paths>({ baseUrl, headers, fetch: rawFetch(pipeline) });
  const wrapperClient = createClient<paths>({ baseUrl, headers, Request: PlainRequest as never });
  const orders = new OrdersClient({
    raw: wrapperClient,
    pipeline,
    endpoint,
    clock,
    responseValidator: own.responseValidator as ResponseValidator | undefined,
  });
  return { raw, orders, endpoint, limiter };
}

function proxyEnv(): Record<string, string | undefined> {
  const env = globalThis.process?.env ?? {};
  const keys = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];
  return Object.fromEntries(keys.map((key) => [key, env[key]]));
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

function resolveRetryOptions(options: unknown): ResolvedRetryOptions {
  if (options === undefined) return DEFAULT_RETRY_OPTIONS;
  const own = copyOwn(options, "options.retryOptions", [
    "maxRetries",
    "retryDelayInMs",
    "maxRetryDelayInMs",
    "maxElapsedInMs",
  ]);
  return Object.freeze({
    maxRetries: checkInteger(
      own.maxRetries ?? DEFAULT_RETRY_OPTIONS.maxRetries,
      "options.retryOptions.maxRetries",
      0,
      10,
    ),
    retryDelayInMs: checkDuration(
      own.retryDelayInMs ?? DEFAULT_RETRY_OPTIONS.retryDelayInMs,
      "options.retryOptions.retryDelayInMs",
      true,
    ),
    maxRetryDelayInMs: checkDuration(
      own.maxRetryDelayInMs ?? DEFAULT_RETRY_OPTIONS.maxRetryDelayInMs,
      "options.retryOptions.maxRetryDelayInMs",
      true,
    ),
    maxElapsedInMs: checkDuration(
      own.maxElapsedInMs ?? DEFAULT_RETRY_OPTIONS.maxElapsedInMs,
      "options.retryOptions.maxElapsedInMs",
      true,
    ),
  });
}

function createLimiter(
  throttling: ThrottlingOptions | false | undefined,
  clock: Clock,
  logger: PartnerCenterLogger | undefined,
): TenantRateLimiter | undefined {
  if (throttling === false) return undefined;
  const own =
    throttling === undefined
      ? undefined
      : copyOwn(throttling, "options.throttling", ["requestsPerMinute", "store", "storeTimeoutInMs"]);
  const perMinute = own?.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  checkInteger(perMinute, "options.throttling.requestsPerMinute", 1, 1_000_000);
  // Shared store (throttling.store): its fallback and warning live in the limiter.
  if (own?.storeTimeoutInMs !== undefined)
    checkDuration(own.storeTimeoutInMs, "options.throttling.storeTimeoutInMs");
  return new TenantRateLimiter(perMinute as number, clock, {
    store: own?.store as ThrottlingOptions["store"],
    storeTimeoutInMs: own?.storeTimeoutInMs as number | undefined,
    logger,
  });
}
