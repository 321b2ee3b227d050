/**
 * The public client pointed at the Prism mock. Its recording transport
 *  - adds Prism's `Prefer` header (the client has no per-call header option, and should not need one),
 *  - maps the client's `/v1` API root onto Prism, which serves the spec's paths at its root.
 */
import { inject } from "vitest";
import { type CapturingClient, createCapturingClient } from "./capturing-client.js";

export type { CapturedExchange, PrismViolation } from "./capturing-client.js";
export { describeViolations } from "./capturing-client.js";

export function prismUrl(): string {
  return inject("prismUrl");
}

export interface MockClientOptions {
  /** The `Prefer` header value, e.g. `code=404, example=orderNotFound` or `dynamic=true`. */
  prefer?: string;
}

export function createMockClient(options: MockClientOptions = {}): CapturingClient {
  const prism = new URL(prismUrl());
  return createCapturingClient({
    endpoint: `${prism.origin}/v1`,
    credential: "contract-test-token",
    forwardTo: (pathAndQuery) => new URL(pathAndQuery, prism),
    extraHeaders: options.prefer === undefined ? {} : { Prefer: options.prefer },
    // The mock answers 429/5xx on request; a retry would only repeat the same answer slowly.
    clientOptions: { retryOptions: { maxRetries: 0 }, throttling: false, attemptTimeoutInMs: 10_000 },
  });
}
