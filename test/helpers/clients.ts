/** Clients wired for tests: tiny retry delays, a clock whose sleeps are recorded and skipped. */
import { PartnerCenterClient, type PartnerCenterClientOptions } from "../../src/client.js";
import { isPartnerCenterError, type PartnerCenterError } from "../../src/errors.js";
import type { Clock } from "../../src/pipeline/clock.js";
import { TOKEN } from "./loopback-server.js";

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

export function testClient(endpoint: string, overrides: Partial<PartnerCenterClientOptions> = {}) {
  const clock = recordingClock();
  const client = new PartnerCenterClient({
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
