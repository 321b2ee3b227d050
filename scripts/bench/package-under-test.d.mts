// Types of package-under-test.mjs, for the smoke test.
export const REPO_ROOT: string;
export function buildRepoPackage(): string;
export function buildScratchPackage(): string;
export function entryPoints(root: string): { main: string; validation: string };
export function loadPackage(root: string): Promise<{
  pkg: typeof import("../../src/index.js");
  validation: typeof import("../../src/validation/index.js");
}>;
