/**
 * Waiting for an order's line items to be provisioned. Orders provision asynchronously after the 201;
 * a line is settled once it is Fulfilled or Unfulfilled (cancelled), whatever the case of the word.
 */
import { provisioningTimeoutError } from "./errors.js";
import type { OrderLineItemProvisioningStatus } from "./models.js";
import type { Clock } from "./pipeline/clock.js";

const SETTLED = new Set(["fulfilled", "unfulfilled"]);

export const DEFAULT_POLL_INTERVAL_IN_MS = 15_000;
export const DEFAULT_MAX_WAIT_IN_MS = 15 * 60_000;

/** True for Fulfilled / Unfulfilled in any spelling case. */
export function isProvisioningSettled(status: string | undefined | null): boolean {
  return typeof status === "string" && SETTLED.has(status.trim().toLowerCase());
}

/** True when the service listed at least one line and every line is settled. */
export function isOrderProvisioned(lines: readonly OrderLineItemProvisioningStatus[]): boolean {
  return lines.length > 0 && lines.every((line) => isProvisioningSettled(line.status));
}

export interface PollSettings {
  pollIntervalInMs: number;
  maxWaitInMs: number;
  abortSignal: AbortSignal | undefined;
  clock: Clock;
}

/**
 * Polls until provisioned, then resolves with the last statuses. Gives up after `maxWaitInMs` with
 * PartnerCenterError PROVISIONING_TIMEOUT (the last statuses in `data`); aborting stops the polling,
 * never the order.
 */
export async function pollUntilProvisioned(
  getStatus: () => Promise<OrderLineItemProvisioningStatus[]>,
  settings: PollSettings,
): Promise<OrderLineItemProvisioningStatus[]> {
  const { clock } = settings;
  const deadline = clock.now() + settings.maxWaitInMs;
  for (;;) {
    const lines = await getStatus();
    if (isOrderProvisioned(lines)) return lines;
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw provisioningTimeoutError(settings.maxWaitInMs, lines);
    }
    await clock.sleep(Math.min(settings.pollIntervalInMs, remaining), settings.abortSignal);
  }
}
