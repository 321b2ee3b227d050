/**
 * Fault plans for the fault server: a seeded random mix (so a failing run can be replayed from its
 * seed), a fixed sequence per MS-RequestId, and small helpers to restrict a plan to some requests.
 */
// The emulator's seeded generator: the same seed gives the same fault schedule.
import { seededRandom } from "../../src/testing/ids.js";
import type { FaultPlan, RecordedRequest } from "./fault-server.js";
import type { FaultKind } from "./faults.js";

/**
 * Each request gets a fault with probability `faultRate`, picked uniformly from `kinds`. The draws
 * happen in arrival order, so the schedule depends on the seed and on how requests interleave.
 */
export function randomMix(seed: number, faultRate: number, kinds: readonly FaultKind[]): FaultPlan {
  const random = seededRandom(seed);
  return () => {
    if (random() >= faultRate) return "none";
    return kinds[Math.floor(random() * kinds.length)] ?? "none";
  };
}

/** The n-th attempt of every MS-RequestId gets `sequence[n]`; later attempts behave. */
export function perAttempt(sequence: readonly FaultKind[]): FaultPlan {
  return (request) => sequence[request.attemptForRequestId] ?? "none";
}

/** Every request gets the same fault. */
export function always(kind: FaultKind): FaultPlan {
  return () => kind;
}

/** Applies `plan` only to requests matching `method` (and the path pattern); the rest behave. */
export function only(method: string, path: RegExp, plan: FaultPlan): FaultPlan {
  return (request) => (request.method === method && path.test(request.url) ? plan(request) : "none");
}

export const CREATE_PATH = /^\/v1\/customers\/[^/]+\/orders\/?$/;

/** POSTs to the orders collection. */
export function creates(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (request) => request.method === "POST" && CREATE_PATH.test(request.url.split("?")[0] ?? ""),
  );
}
