#!/usr/bin/env node
/**
 * Prints the reliability figures as Markdown tables, from build/reliability-figures.json (written by
 * the `reliability` vitest project). Run the suite first:
 *
 *   node node_modules/vitest/vitest.mjs run --config scripts/vitest.config.ts --project reliability
 *   node scripts/reliability-report.mjs
 */
import { readFileSync } from "node:fs";

const path = new URL("../build/reliability-figures.json", import.meta.url);
let combined;
try {
  combined = JSON.parse(readFileSync(path, "utf8"));
} catch {
  console.error(`No figures at ${path.pathname}: run the reliability project first.`);
  process.exit(1);
}

const cell = (value) => String(value).replaceAll("|", "\\|");
for (const figure of combined.figures) {
  console.log(`### Figure ${figure.id}: ${figure.title}\n`);
  console.log("| Measure | Value |\n|---|---|");
  for (const [label, value] of Object.entries(figure.rows))
    console.log(`| ${cell(label.trim())} | ${cell(value)} |`);
  console.log(`\n_Recorded ${figure.recordedAt} on Node ${figure.node}._\n`);
}
