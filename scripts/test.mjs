#!/usr/bin/env node
// The README's test command: every check CI runs, in order, stopping at the first failure.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, REDOCLY_TELEMETRY: "off", SCARF_ANALYTICS: "false", NO_UPDATE_NOTIFIER: "1" };
const vitest = ["node_modules/vitest/vitest.mjs", "run", "--config", "vitest.config.ts"];

/** Each step: a label and a command. A step whose script does not exist yet is a failure, not a skip. */
const steps = [
  ["lint and format (biome)", ["node_modules/@biomejs/biome/bin/biome", "check", "--error-on-warnings", "."]],
  ["type-check (tsc --noEmit)", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"]],
  ["spec lint (redocly)", ["scripts/lint-spec.mjs"]],
  ["generated/ is up to date", ["scripts/generate.mjs", "--check"]],
  // One vitest project per step: a clear summary, and Prism, Chromium and the fault server never
  // compete for this machine's two cores.
  ["spec tests", [...vitest, "--project", "spec"]],
  ["unit tests", [...vitest, "--project", "unit"]],
  ["reliability tests (fault injection)", [...vitest, "--project", "reliability"]],
  ["contract tests (Prism mock, Ajv)", [...vitest, "--project", "contract"]],
  ["redis tests (real redis-server, a 3-node Cluster, worker processes)", [...vitest, "--project", "redis"]],
  ["docs tests (headless Chromium, walkthrough)", [...vitest, "--project", "docs"]],
  ["benchmark smoke run", [...vitest, "--project", "bench"]],
  ["coverage matrix of declared responses", ["scripts/contract-coverage.mjs", "--check"]],
  ["package: build, pack, install and import", ["scripts/pack-test.mjs"]],
  ["unit tests on Node 22 and 24", ["scripts/unit-on-node.mjs", "22", "24"]],
];

const only = process.argv.slice(2);
const started = Date.now();
const results = [];
for (const [label, [script, ...args]] of steps) {
  if (only.length > 0 && !only.some((word) => label.includes(word))) continue;
  if (!existsSync(script)) {
    console.error(`\n✗ ${label}: ${script} is missing`);
    process.exit(1);
  }
  console.log(`\n▶ ${label}`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [script, ...args], { stdio: "inherit", env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${run.status === 0 ? "✓" : "✗"} ${label} (${seconds} s)`);
  if (run.status !== 0) {
    console.error(`\n${results.join("\n")}\n\nFailed: ${label}`);
    process.exit(run.status ?? 1);
  }
}
console.log(
  `\n${results.join("\n")}\n\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
