/** Clients wired for tests: tiny retry delays, a clock whose sleeps are recorded and skipped. */
import type { PartnerCenterClient, PartnerCenterClientOptions } from "../../src/client.js";
import { isPartnerCenterError, type PartnerCenterError } from "../../src/errors.js";
import { type Clock, createClientWithSeams, type TestSeams } from "../../src/internal.js";
import { TOKEN } from "./loopback-server.js";

/** Client options plus the test seams (clock, random), which are not public options. */
export type TestClientOptions = Partial<PartnerCenterClientOptions> & TestSeams;

/** Builds a client, passing `clock` and `random` through the internal seam. */
export function clientWith(options: TestClientOptions): PartnerCenterClient {
  const { clock, random, ...rest } = options;
  return createClientWithSeams(rest as PartnerCenterClientOptions, { clock, random });
}

/** Sleeps resolve at once (after recording their length), so waits of a minute cost nothing. */
export function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: async (ms, abortSignal) => {
      if (abortSignal?.aborted) throw abortSignal.reason;
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      if (abortSignal?.aborted) throw abortSignal.reason;
    },
  };
}

export function testClient(endpoint: string, overrides: TestClientOptions = {}) {
  const clock = recordingClock();
  const client = clientWith({
    credential: TOKEN,
    endpoint,
    clock,
    random: () => 0.5,
    throttling: false,
    ...overrides,
  });
  return { client, clock };
}

/** Awaits a call that must fail with a PartnerCenterError, and returns that error. */
export async function failureOf(promise: Promise<unknown>): Promise<PartnerCenterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPartnerCenterError(error)) throw new Error(`expected a PartnerCenterError, got ${String(error)}`);
  return error;
}

/** Every item of a paged iterator (Array.fromAsync is not on Node 20). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
