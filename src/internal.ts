/**
 * Test seams, off the public entry point: a clock and jitter source for a client, its rate limiter,
 * and the clocks themselves. Tests (this repository's and the package's own tools) import this file
 * by path; it is not part of the package's supported API.
 */
import {
  PartnerCenterClient,
  type PartnerCenterClientOptions,
  TEST_SEAMS,
  type TestSeams,
} from "./client.js";

export { rateLimiterOf, TEST_SEAMS, type TestSeams } from "./client.js";
export { abortableDelay, type Clock, ManualClock, systemClock } from "./pipeline/clock.js";
export { TenantRateLimiter } from "./pipeline/throttle.js";

/** A PartnerCenterClient whose waits use `seams.clock` and whose back-off jitter uses `seams.random`. */
export function createClientWithSeams(
  options: PartnerCenterClientOptions,
  seams: TestSeams,
): PartnerCenterClient {
  return new PartnerCenterClient({ ...options, [TEST_SEAMS]: seams } as PartnerCenterClientOptions);
}
