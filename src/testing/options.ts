/** The options of startEmulator, checked and filled in with their defaults before anything listens. */
import type { EmulatorViolation } from "./exchange.js";
import type { FaultRule } from "./faults.js";
import { DEFAULT_LIFE_CYCLE } from "./life-cycle.js";

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Per customer tenant, in any sliding minute. Default 500 (the Order resource's documented limit). */
  requestsPerMinute?: number;
  /** Faults from the start; more can be added with `injectFault`. */
  faults?: FaultRule[];
  /** How much faster than real time orders move on: 100 makes a 5 s provisioning take 50 ms. Default 1. */
  timeScale?: number;
  /** Seeds ids and fault decisions, so runs repeat. Default 1. */
  seed?: number;
  /** Service time from purchase to provisioned line items. Default 5000 ms. */
  provisioningDelayInMs?: number;
  /** Days after creation an order can still be cancelled. Default 7. */
  cancellationWindowInDays?: number;
  /** Orders per listOrders page before `links.next` appears. Default 100. */
  pageSize?: number;
  /** Called for each answer that did not match the spec (it was replaced by a 500). Default: print it. */
  onViolation?: (violation: EmulatorViolation) => void;
}

export interface Settings {
  port: number;
  host: string;
  requestsPerMinute: number;
  timeScale: number;
  seed: number;
  provisioningDelayInMs: number;
  cancellationWindowInDays: number;
  pageSize: number;
}

export function checkOptions(options: EmulatorOptions): Settings {
  if (typeof options !== "object" || options === null)
    throw new TypeError("startEmulator options must be an object");
  const number = (value: unknown, name: string, fallback: number, valid: (n: number) => boolean) => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || Number.isNaN(value) || !valid(value)) {
      throw new TypeError(`startEmulator: ${name} is out of range (${String(value)})`);
    }
    return value;
  };
  return {
    port: number(options.port, "port", 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65535),
    host: options.host ?? "127.0.0.1",
    requestsPerMinute: number(options.requestsPerMinute, "requestsPerMinute", 500, (n) => n >= 1),
    timeScale: number(options.timeScale, "timeScale", 1, (n) => Number.isFinite(n) && n > 0),
    seed: number(options.seed, "seed", 1, Number.isInteger),
    provisioningDelayInMs: number(
      options.provisioningDelayInMs,
      "provisioningDelayInMs",
      DEFAULT_LIFE_CYCLE.provisioningDelayInMs,
      (n) => Number.isFinite(n) && n >= 0,
    ),
    cancellationWindowInDays: number(
      options.cancellationWindowInDays,
      "cancellationWindowInDays",
      DEFAULT_LIFE_CYCLE.cancellationWindowInDays,
      (n) => Number.isFinite(n) && n >= 0,
    ),
    pageSize: number(options.pageSize, "pageSize", 100, (n) => Number.isInteger(n) && n >= 1),
  };
}
