// Types of report.mjs, for the smoke test.
export const TARGETS: Record<string, number>;
export function evaluateTargets(results: object): { target: string; value: number; met: boolean }[];
export function renderReport(results: object): string;
