// Types of per-call.mjs, for the smoke test.
export interface PerCallScenario {
  name: string;
  kind: "get" | "list";
  concurrency: number;
  bodyBytes: number;
  rounds: number;
  perCallInUs: Record<string, number>;
  /** CPU time of the client process per call. */
  cpuPerCallInUs: Record<string, number>;
  ratios: Record<string, number>;
  validationOverheadInUs: number;
}
export interface PerCallResult {
  scenarios: PerCallScenario[];
  server: { requests: number; ok: number; throttled: number; notFound: number };
}
export const PER_CALL_DEFAULTS: {
  rounds: number;
  calls: { get: number; list: number };
  concurrencies: number[];
};
export function runPerCall(options: {
  pkg: unknown;
  validation: unknown;
  rounds?: number;
  calls?: { get: number; list: number };
  concurrencies?: number[];
}): Promise<PerCallResult>;
