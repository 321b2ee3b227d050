#!/usr/bin/env node
// The README's test command: every check CI runs, in order, stopping at the first failure.
//   npm test                 every step
//   npm test -- <step>...    only the named steps, e.g. `npm test -- unit` or `npm test -- lint types`
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { ensureSystemPackages, SYSTEM_PACKAGES } from "./lib/system-packages.mjs";

const env = { ...process.env, REDOCLY_TELEMETRY: "off", SCARF_ANALYTICS: "false", NO_UPDATE_NOTIFIER: "1" };
const vitest = (project) => ["node_modules/vitest/vitest.mjs", "run", "--project", project];

/**
 * Each step: a name, a command, and the system packages it needs. One vitest project per step: a clear
 * summary, and Prism, Chromium and the fault server never compete for the machine's cores.
 * @type {{ name: string, command: string[], needs?: (keyof typeof SYSTEM_PACKAGES)[] }[]}
 */
const steps = [
  { name: "lint", command: ["node_modules/@biomejs/biome/bin/biome", "check", "--error-on-warnings", "."] },
  { name: "types", command: ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"] },
  { name: "spec-lint", command: ["scripts/lint-spec.mjs"] },
  { name: "generated", command: ["scripts/generate.mjs", "--check"] },
  { name: "spec", command: vitest("spec") },
  { name: "unit", command: vitest("unit") },
  { name: "reliability", command: vitest("reliability") },
  { name: "contract", command: vitest("contract") },
  { name: "redis", command: vitest("redis"), needs: ["redis"] },
  { name: "emulator", command: vitest("emulator") },
  { name: "docs", command: vitest("docs"), needs: ["chromium"] },
  { name: "bench-smoke", command: vitest("bench") },
  { name: "coverage", command: ["scripts/contract-coverage.mjs", "--check"] },
  { name: "package", command: ["scripts/pack-test.mjs"] },
  { name: "node-22-24", command: ["scripts/unit-on-node.mjs", "22", "24"] },
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !steps.some((step) => step.name === name));
if (unknown.length > 0) {
  console.error(`Unknown step ${unknown.join(", ")}. Steps: ${steps.map((step) => step.name).join(", ")}`);
  process.exit(2);
}
const selected = only.length === 0 ? steps : steps.filter((step) => only.includes(step.name));

// What the operating system must provide, checked (and installed where allowed) before anything runs.
const needed = [...new Set(selected.flatMap((step) => step.needs ?? []))].map((key) => SYSTEM_PACKAGES[key]);
try {
  ensureSystemPackages(needed, (line) => console.log(`▶ system packages: ${line}`));
} catch (error) {
  console.error(`\n✗ system packages: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const started = Date.now();
const results = [];
for (const { name, command } of selected) {
  const [script, ...args] = command;
  if (!existsSync(script)) {
    console.error(`\n✗ ${name}: ${script} is missing`);
    process.exit(1);
  }
  console.log(`\n▶ ${name}`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [script, ...args], { stdio: "inherit", env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${run.status === 0 ? "✓" : "✗"} ${name} (${seconds} s)`);
  if (run.status !== 0) {
    console.error(`\n${results.join("\n")}\n\nFailed: ${name}`);
    process.exit(run.status ?? 1);
  }
}
console.log(
  `\n${results.join("\n")}\n\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
