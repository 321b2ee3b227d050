/**
 * The public client pointed at the Prism mock. Its recording transport
 *  - adds Prism's `Prefer` header (the client has no per-call header option, and should not need one),
 *  - maps the client's `/v1` API root onto Prism, which serves the spec's paths at its root.
 */
import { inject } from "vitest";
import { createResponseValidator } from "../../src/validation/index.js";
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
    clientOptions: {
      // The mock answers 429/5xx on request; a retry would only repeat the same answer slowly.
      retryOptions: { maxRetries: 0 },
      throttling: false,
      attemptTimeoutInMs: 10_000,
      // The package's own opt-in validation (partner-center-orders/validation) sees every success too.
      responseValidator: createResponseValidator(),
    },
  });
}
