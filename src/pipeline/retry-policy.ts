/**
 * Which answers are worth another attempt, and how long to wait first. Pure functions; the loop that
 * uses them is in pipeline.ts.
 */

export interface RetryOptions {
  /** Attempts after the first one. Default 3. */
  maxRetries?: number;
  /** Base of the exponential back-off. Default 800 ms. */
  retryDelayInMs?: number;
  /** Cap of one back-off wait. Default 60 s. A longer `Retry-After` is honoured if the budget allows; if not, the call fails at once with that answer's error. */
  maxRetryDelayInMs?: number;
  /**
   * Hard budget for the attempts and waits of one call, from its first attempt (the wait for the
   * first limiter slot is not counted): no wait that would overrun it, and the last attempt is cut to
   * the time left. Default 120 s.
   */
  maxElapsedInMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY_OPTIONS: Readonly<ResolvedRetryOptions> = Object.freeze({
  maxRetries: 3,
  retryDelayInMs: 800,
  maxRetryDelayInMs: 60_000,
  maxElapsedInMs: 120_000,
});

/** 429 and the transient statuses. Never another 4xx (the service already decided), nor 501/505. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * `Retry-After` as delta-seconds or as an HTTP date (a past date means "now"). Undefined when the
 * header is missing or unreadable, so the caller falls back to back-off.
 */
export function parseRetryAfter(value: string | null, nowInMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowInMs);
}

/**
 * The wait an answer asks for: `retry-after-ms` or `x-ms-retry-after-ms` (milliseconds), else
 * `Retry-After`. Header names in lower case.
 */
export function retryAfterOf(headers: Record<string, string>, nowInMs: number): number | undefined {
  const inMs = headers["retry-after-ms"] ?? headers["x-ms-retry-after-ms"];
  if (inMs !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(inMs)) return Math.round(Number(inMs));
  const value = headers["retry-after"];
  return value === undefined ? undefined : parseRetryAfter(value, nowInMs);
}

/**
 * Exponential back-off with "equal jitter": half the capped delay is fixed, the other half random, so
 * concurrent clients spread out but never retry immediately. `retryNumber` counts from 1.
 */
export function backoffDelay(
  retryNumber: number,
  options: ResolvedRetryOptions,
  random: () => number,
): number {
  const exponential = options.retryDelayInMs * 2 ** (retryNumber - 1);
  const capped = Math.min(options.maxRetryDelayInMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
