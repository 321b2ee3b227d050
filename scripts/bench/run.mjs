#!/usr/bin/env node
/**
 * `npm run bench`: builds the package, runs the four benchmarks in one process (each server and
 * child in its own process), writes scripts/bench/results.json and docs/benchmarks.md, and prints the
 * tables. Flags: --no-build (measure the dist/ already there), --only=perCall,throttling,startup,growth,redisThrottling,
 * --label=<name> (keep these figures beside the others, as `<figure>@<name>`), --also-node=<major> (then
 * measure start-up and per-call cost again on that Node major, fetched as the npm registry's `node`).
 */
import { spawnSync } from "node:child_process";
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
const label = args.find((arg) => arg.startsWith("--label="))?.slice("--label=".length);
const alsoNode = args.find((arg) => arg.startsWith("--also-node="))?.slice("--also-node=".length);

const packageRoot = args.includes("--no-build") ? REPO_ROOT : buildRepoPackage();
const { pkg, validation } = await loadPackage(packageRoot);

// With --only, the other figures of the last full run are kept.
const resultsUrl = new URL("./results.json", import.meta.url);
const previous =
  (only || label) && existsSync(resultsUrl) ? JSON.parse(readFileSync(resultsUrl, "utf8")) : {};
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
  const measuredOn = { node: process.versions.node, loadAverage: loadavg().map((n) => Number(n.toFixed(2))) };
  results[label ? `${name}@${label}` : name] = { ...(await run()), measuredOn };
  console.error(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const report = renderReport(results);
results.targets = evaluateTargets(results);
writeFileSync(resultsUrl, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL("../../docs/benchmarks.md", import.meta.url), report);
console.log(`\n${report}`);

if (alsoNode) {
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const again = ["scripts/bench/run.mjs", "--no-build", "--only=startup,perCall", `--label=node${alsoNode}`];
  console.error(`▶ start-up and per call again on Node ${alsoNode}`);
  const run = spawnSync(npx, ["-y", "-p", `node@${alsoNode}`, "node", ...again], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
  process.exit(run.status ?? 1);
}
