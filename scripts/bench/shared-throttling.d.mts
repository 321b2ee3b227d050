// Types of shared-throttling.mjs, for the Redis tests.
export interface SharedBatchOptions {
  packageRoot: string;
  processes: number;
  store: "redis" | "redis-cluster" | "ioredis" | "memory";
  redis?: { url?: string; urls?: string[] };
  tenants: number;
  limit: number;
  windowInMs: number;
  windowsPerTenant: number;
  concurrency: number;
  storeTimeoutInMs?: number;
  retryOptions?: Record<string, number>;
  keyPrefix?: string;
  warmup?: boolean;
  whileRunning?: () => Promise<void>;
}
export interface SharedBatchResult {
  processes: number;
  store: string;
  calls: number;
  ok: number;
  lost: number;
  failures: Record<string, number>;
  responses429: number;
  serverRequests: number;
  elapsedInMs: number;
  ofAllowed: number;
  mostInAnyWindow: number;
  warningsPerProcess: number[];
  warnings: string[];
  /** [tenant, epoch ms, status] of every request of the batch's tenants, as the server saw them. */
  arrivals: [string, number, number][];
}
export function runSharedBatch(options: SharedBatchOptions): Promise<SharedBatchResult>;
export function mostPerTenant(arrivals: [string, number, number][], windowInMs: number): number;
