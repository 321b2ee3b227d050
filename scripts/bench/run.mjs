#!/usr/bin/env node
/**
 * `npm run bench`: builds the package, runs the four benchmarks in one process (each server and
 * child in its own process), writes scripts/bench/results.json and docs/benchmarks.md, and prints the
 * tables. Flags: --no-build (measure the dist/ already there), --only=perCall,throttling,startup,growth,redisThrottling.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { runGrowth } from "./growth.mjs";
import { buildRepoPackage, loadPackage, REPO_ROOT } from "./package-under-test.mjs";
import { runPerCall } from "./per-call.mjs";
import { runRedisThrottling } from "./redis-throttling.mjs";
import { evaluateTargets, renderReport } from "./report.mjs";
import { runStartup } from "./startup.mjs";
import { runThrottling } from "./throttling.mjs";

const args = process.argv.slice(2);
const only = args
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const wanted = (name) => !only || only.includes(name);

const packageRoot = args.includes("--no-build") ? REPO_ROOT : buildRepoPackage();
const { pkg, validation } = await loadPackage(packageRoot);

// With --only, the other figures of the last full run are kept.
const resultsUrl = new URL("./results.json", import.meta.url);
const previous = only && existsSync(resultsUrl) ? JSON.parse(readFileSync(resultsUrl, "utf8")) : {};
const results = {
  ...previous,
  environment: {
    command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
    generatedAt: new Date().toISOString(),
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  },
};

// Start-up first: it spawns fresh processes and is least disturbed before anything else has run.
const figures = [
  ["startup", () => runStartup({ packageRoot })],
  ["perCall", () => runPerCall({ pkg, validation })],
  ["throttling", () => runThrottling({ pkg })],
  ["growth", () => runGrowth({ packageRoot })],
  ["redisThrottling", () => runRedisThrottling({ packageRoot })],
];
for (const [name, run] of figures) {
  if (!wanted(name)) continue;
  const started = performance.now();
  console.error(`▶ ${name}`);
  results[name] = await run();
  console.error(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const report = renderReport(results);
results.targets = evaluateTargets(results);
writeFileSync(resultsUrl, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL("../../docs/benchmarks.md", import.meta.url), report);
console.log(`\n${report}`);
