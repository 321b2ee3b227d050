/**
 * vitest globalSetup of the `contract` project: one real Prism mock for every test file, on a free
 * loopback port. Returns the teardown (vitest has no `globalTeardown`), which stops Prism's whole
 * process group and merges the coverage records the test files wrote.
 */
import { readFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { mergeCoverage, resetCoverage } from "./coverage.js";
import { BUNDLED_SPEC, startPrism } from "./prism.js";
import { writePrismSpec } from "./prism-spec.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock, e.g. http://127.0.0.1:39121 (the spec's paths hang off it directly). */
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  resetCoverage();
  const { file } = writePrismSpec(JSON.parse(readFileSync(BUNDLED_SPEC, "utf8")));
  // Prism validates requests (the default); tests read its `sl-violations` header.
  // `-v warn` keeps Prism from logging every request, which would slow it down for nothing.
  const prism = await startPrism({ spec: file, args: ["-v", "warn"], probePath: "/" });
  project.provide("prismUrl", prism.url);
  return async () => {
    await prism.stop();
    mergeCoverage();
  };
}
