/**
 * Faults on demand, for resilience tests: per operation, on every nth matching request or at a seeded
 * rate, optionally in bursts. Kinds:
 *  - `drop-after-commit`: the request is carried out, then the connection is cut before any answer
 *    (the lost answer a retry with the same MS-RequestId must survive);
 *  - `service-unavailable`: 503 with the error body and `Retry-After`, nothing carried out;
 *  - `throttle`: 429 with the throttling body and `Retry-After`, nothing carried out;
 *  - `slow`: the answer is held back `delayInMs` after the request was carried out.
 */
import { seededRandom } from "./ids.js";

export type FaultKind = "drop-after-commit" | "service-unavailable" | "throttle" | "slow";

export interface FaultRule {
  kind: FaultKind;
  /** operationIds this applies to (`createOrder`, ...); all operations when omitted. */
  operations?: string[];
  /** Hit the nth, 2nth, 3nth... matching request. */
  everyNth?: number;
  /** Hit each matching request with this probability (seeded). Without `everyNth` or `rate`: every request. */
  rate?: number;
  /** Once hit, this many consecutive matching requests get the fault (a burst or a storm). Default 1. */
  burst?: number;
  /** Stop after this many hits (bursts count once). Default unlimited. */
  times?: number;
  /** For `slow`: how long to hold the answer. Default 2000 ms. */
  delayInMs?: number;
  /** For `throttle` and `service-unavailable`: the `Retry-After` sent. Default 1 s. */
  retryAfterInSeconds?: number;
}

export interface FaultPlan {
  add(rule: FaultRule): () => void;
  clear(): void;
  /** The faults that apply to this request, deciding (and counting) now. */
  decide(operationId: string): FaultRule[];
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  hits: number;
  burstLeft: number;
}

const KINDS: FaultKind[] = ["drop-after-commit", "service-unavailable", "throttle", "slow"];

export function checkFaultRule(rule: FaultRule): FaultRule {
  if (typeof rule !== "object" || rule === null || !KINDS.includes(rule.kind)) {
    throw new TypeError(`fault kind must be one of ${KINDS.join(", ")}`);
  }
  const positiveInteger = (value: unknown, name: string) => {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1)) {
      throw new TypeError(`fault ${name} must be a whole number of at least 1`);
    }
  };
  positiveInteger(rule.everyNth, "everyNth");
  positiveInteger(rule.burst, "burst");
  positiveInteger(rule.times, "times");
  if (rule.rate !== undefined && !(typeof rule.rate === "number" && rule.rate >= 0 && rule.rate <= 1)) {
    throw new TypeError("fault rate must be a number from 0 to 1");
  }
  if (rule.delayInMs !== undefined && !(Number.isFinite(rule.delayInMs) && rule.delayInMs >= 0)) {
    throw new TypeError("fault delayInMs must be a non-negative number");
  }
  if (rule.operations !== undefined && !Array.isArray(rule.operations)) {
    throw new TypeError("fault operations must be an array of operationIds");
  }
  return { ...rule };
}

export function createFaultPlan(seed: number, initial: FaultRule[] = []): FaultPlan {
  const random = seededRandom(seed ^ 0x5bd1e995);
  let rules: ActiveRule[] = [];
  const add = (rule: FaultRule) => {
    const active: ActiveRule = { rule: checkFaultRule(rule), seen: 0, hits: 0, burstLeft: 0 };
    rules.push(active);
    return () => {
      rules = rules.filter((candidate) => candidate !== active);
    };
  };
  for (const rule of initial) add(rule);

  function hit(active: ActiveRule): boolean {
    const { rule } = active;
    active.seen++;
    if (active.burstLeft > 0) {
      active.burstLeft--;
      return true;
    }
    if (rule.times !== undefined && active.hits >= rule.times) return false;
    const chosen =
      rule.everyNth !== undefined
        ? active.seen % rule.everyNth === 0
        : rule.rate !== undefined
          ? random() < rule.rate
          : true;
    if (!chosen) return false;
    active.hits++;
    active.burstLeft = (rule.burst ?? 1) - 1;
    return true;
  }

  return {
    add,
    clear() {
      rules = [];
    },
    decide(operationId) {
      return rules
        .filter(
          (active) => active.rule.operations === undefined || active.rule.operations.includes(operationId),
        )
        .filter(hit)
        .map((active) => active.rule);
    },
  };
}
