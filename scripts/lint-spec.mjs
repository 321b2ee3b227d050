#!/usr/bin/env node
// Lints the spec with Redocly and fails on warnings too: `redocly lint` alone exits 0 when it only warns.
import { spawnSync } from "node:child_process";

const redocly = "node_modules/@redocly/cli/bin/cli.js";
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
const run = spawnSync(process.execPath, [redocly, "lint", "--format=json"], { encoding: "utf8", env });
const start = run.stdout.indexOf("{");
if (start < 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(1);
}
const report = JSON.parse(run.stdout.slice(start));
for (const problem of report.problems) {
  const where = problem.location?.[0]?.pointer ?? "";
  console.log(`${problem.severity.padEnd(7)} ${problem.ruleId}: ${problem.message} ${where}`);
}
const { errors, warnings } = report.totals;
console.log(`redocly lint: ${errors} errors, ${warnings} warnings`);
process.exit(errors + warnings === 0 && run.status === 0 ? 0 : 1);
