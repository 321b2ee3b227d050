/**
 * vitest globalSetup of the `contract` project: one real Prism mock for every test file, on a free
 * loopback port. Returns the teardown (vitest has no `globalTeardown`), which stops Prism's whole
 * process group and merges the coverage records the test files wrote.
 */
import { readFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { BUNDLED_SPEC, startPrism } from "../../scripts/lib/prism.mjs";
import { mergeCoverage, startCoverageRun } from "./coverage.js";
import { writePrismSpec } from "./prism-spec.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock, e.g. http://127.0.0.1:39121 (the spec's paths hang off it directly). */
    prismUrl: string;
    /** Where this run's test files put their coverage records (see coverage.ts). */
    coverageRunId: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = startCoverageRun();
  const prismSpec = writePrismSpec(JSON.parse(readFileSync(BUNDLED_SPEC, "utf8")));
  // Prism validates requests (the default); tests read its `sl-violations` header.
  // `-v warn` keeps Prism from logging every request, which would slow it down for nothing.
  let prism: Awaited<ReturnType<typeof startPrism>>;
  try {
    prism = await startPrism({ spec: prismSpec.file, args: ["-v", "warn"], probePath: "/" });
  } catch (error) {
    prismSpec.remove();
    throw error;
  }
  project.provide("prismUrl", prism.url);
  project.provide("coverageRunId", runId);
  return async () => {
    await prism.stop();
    prismSpec.remove();
    mergeCoverage(runId);
  };
}
