// Types of growth.mjs, for the smoke test.
export interface GrowthRow {
  list: string;
  orders: number;
  pages: number;
  timeInMs: number;
  perOrderInUs: number;
  peakRssMiB: number;
  rssGrowthMiB: number;
  rssGrowthPerOrderBytes: number;
}
export interface GrowthVariant {
  rows: GrowthRow[];
  linearity: {
    steps: { step: string; timePerOrderInUs: number; rssPerOrderBytes: number }[];
    timeRatio: number | null;
    rssRatio: number | null;
  };
  paging?: Record<string, number>;
}
export interface GrowthResult {
  settings: Record<string, unknown>;
  variants: Record<string, GrowthVariant>;
}
export const GROWTH_DEFAULTS: {
  sizes: number[];
  pages: number;
  pageSize: number;
  rounds: number;
  variants: string[];
};
export function runGrowth(
  options: { packageRoot: string } & Partial<typeof GROWTH_DEFAULTS>,
): Promise<GrowthResult>;
