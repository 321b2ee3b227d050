// Types of throttling.mjs, for the smoke test.
export interface ThrottlingVariant {
  rounds: number;
  elapsedInMs: number;
  okPerSecond: number;
  ofAllowed: number;
  responses429: number;
  lost: number;
  worstRound: { responses429: number; lost: number };
  failures: Record<string, number>;
}
export const THROTTLING_DEFAULTS: {
  tenants: number;
  limit: number;
  windowInMs: number;
  windowsPerTenant: number;
  concurrency: number;
  rounds: number;
};
export function runThrottling(options: { pkg: unknown } & Partial<typeof THROTTLING_DEFAULTS>): Promise<{
  settings: typeof THROTTLING_DEFAULTS & { requests: number; allowedPerSecond: number };
  limiterOn: ThrottlingVariant;
  limiterOff: ThrottlingVariant;
}>;
