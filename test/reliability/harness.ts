/**
 * What every reliability test needs besides the fault server: a distinctive secret token, a client
 * wired to the server with time scaled down, a logger that keeps every line it is given, and a few
 * ids and order bodies.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { CreateOrderInput, PartnerCenterClient, PartnerCenterClientOptions } from "../../src/index.js";
import { abortableDelay, type Clock, createClientWithSeams, type TestSeams } from "../../src/internal.js";
import type { FaultServer } from "./fault-server.js";

/** Distinctive enough that finding it anywhere is proof of a leak. */
export const SECRET_TOKEN = `secret-token-${randomBytes(16).toString("hex")}`;

export interface LoggedLine {
  level: "debug" | "warn";
  message: string;
  context: Record<string, unknown> | undefined;
}

/** A logger that remembers everything, so tests can search it for the token. */
export class LogCapture {
  readonly lines: LoggedLine[] = [];
  readonly logger = {
    debug: (message: string, context?: Record<string, unknown>) =>
      this.lines.push({ level: "debug", message, context }),
    warn: (message: string, context?: Record<string, unknown>) =>
      this.lines.push({ level: "warn", message, context }),
  };

  /** Everything logged, as one searchable string. */
  text(): string {
    return this.lines
      .map((line) => `${line.level} ${line.message} ${safeStringify(line.context)}`)
      .join("\n");
  }
}

/**
 * A clock running `scale` times faster than the wall clock: the limiter's one-minute window, back-off
 * and Retry-After waits all shrink by `scale`, while the waits stay real timers (so aborts and leaks
 * behave as in production). The fault server uses the same clock for HTTP-date Retry-After values.
 */
export function fastClock(scale: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * scale,
    sleep: (ms, abortSignal) => abortableDelay(ms / scale, abortSignal),
  };
}

/** Back-off small enough for CI, attempts bounded, elapsed budget out of the way (the tests bound time). */
export const FAST_RETRIES = {
  maxRetries: 3,
  retryDelayInMs: 2,
  maxRetryDelayInMs: 20,
  maxElapsedInMs: 10 * 60_000,
} as const;

export interface TestClient {
  client: PartnerCenterClient;
  log: LogCapture;
}

export function createTestClient(
  server: FaultServer,
  overrides: Partial<PartnerCenterClientOptions> & TestSeams = {},
): TestClient {
  const log = new LogCapture();
  const { clock, random, ...options } = overrides;
  const client = createClientWithSeams(
    {
      credential: SECRET_TOKEN,
      endpoint: server.endpoint,
      retryOptions: FAST_RETRIES,
      attemptTimeoutInMs: 1_000,
      throttling: false,
      logger: log.logger,
      ...options,
    },
    { clock, random },
  );
  return { client, log };
}

/** A customer tenant id (a GUID). */
export function customerId(): string {
  return randomUUID();
}

/** An order body whose friendly name ties the order to one logical purchase. */
export function purchase(key: string, lines = 1): CreateOrderInput {
  return {
    lineItems: Array.from({ length: lines }, (_, index) => ({
      offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P",
      quantity: index + 1,
      friendlyName: key,
    })),
  };
}

/** Settles `promise` or rejects after `ms`, so no scenario can hang the suite. */
export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** The outcome of a call, without throwing. */
export type Settled<T> = { ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number };

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  const started = performance.now();
  try {
    const value = await promise;
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - started };
  }
}

/** Runs `tasks` with at most `limit` in flight, keeping results in task order. */
export async function pool<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The purchase key (first line's friendlyName) of a create body or an order, if any. */
export function purchaseKeyOf(orderOrBody: unknown): string | undefined {
  let value = orderOrBody;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const lines = (value as { lineItems?: { friendlyName?: unknown }[] } | null)?.lineItems;
  const key = Array.isArray(lines) ? lines[0]?.friendlyName : undefined;
  return typeof key === "string" ? key : undefined;
}

/** How many keys occur more than once, and how many surplus copies there are. */
export function duplicatesOf(keys: readonly (string | undefined)[]): { keys: number; surplus: number } {
  const counts = new Map<string, number>();
  for (const key of keys) if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  let duplicated = 0;
  let surplus = 0;
  for (const count of counts.values()) {
    if (count > 1) {
      duplicated++;
      surplus += count - 1;
    }
  }
  return { keys: duplicated, surplus };
}
