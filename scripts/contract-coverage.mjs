#!/usr/bin/env node
// The matrix of operation × declared response, and what exercised each cell in the last contract run
// (build/contract-coverage.json, written by the contract tests' global teardown).
//   node scripts/contract-coverage.mjs           print the matrix
//   node scripts/contract-coverage.mjs --check   also exit 1 if a declared response or a named example
//                                                was exercised by no test
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const specFile = `${root}generated/openapi.json`;
const coverageFile = `${root}build/contract-coverage.json`;
const check = process.argv.includes("--check");

const spec = JSON.parse(readFileSync(specFile, "utf8"));
if (!existsSync(coverageFile)) {
  console.error(`No ${coverageFile}: run the contract tests first (vitest --project contract).`);
  process.exit(check ? 1 : 0);
}
const { generatedAt, records } = JSON.parse(readFileSync(coverageFile, "utf8"));

function resolve(value) {
  let current = value;
  while (current && typeof current.$ref === "string") {
    current = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node, key) => node?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  }
  return current;
}

/** Every declared (operation, status) with its named examples, in document order. */
const declared = [];
for (const item of Object.values(spec.paths ?? {})) {
  for (const operation of Object.values(item)) {
    if (!operation?.operationId) continue;
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const media = Object.values(resolve(response)?.content ?? {})[0];
      declared.push({
        operationId: operation.operationId,
        status,
        examples: Object.keys(media?.examples ?? {}),
      });
    }
  }
}

const key = (operationId, status) => `${operationId} ${status}`;
const seen = new Map();
for (const record of records) {
  const cell = key(record.operationId, record.status);
  if (!seen.has(cell)) seen.set(cell, new Map());
  const vias = seen.get(cell);
  vias.set(record.via, (vias.get(record.via) ?? 0) + 1);
}

const operations = [...new Set(declared.map((cell) => cell.operationId))];
const statuses = [...new Set(declared.map((cell) => cell.status))].sort((a, b) =>
  a === "default" ? 1 : b === "default" ? -1 : a.localeCompare(b),
);

// The matrix: one row per operation, one column per status; the count of passing exercises per cell,
// "·" when the operation does not declare the status, "✗" when it does but nothing exercised it.
const width = Math.max(...operations.map((op) => op.length));
console.log(`Contract coverage (run of ${generatedAt}; ${records.length} records)\n`);
console.log(`${"".padEnd(width)}  ${statuses.map((s) => s.padStart(8)).join("")}`);
const missingCells = [];
const missingExamples = [];
for (const operationId of operations) {
  const row = statuses.map((status) => {
    const cell = declared.find((c) => c.operationId === operationId && c.status === status);
    if (!cell) return "·".padStart(8);
    const vias = seen.get(key(operationId, status));
    if (!vias) {
      missingCells.push(key(operationId, status));
      return "✗".padStart(8);
    }
    for (const example of cell.examples) {
      if (!vias.has(`example:${example}`))
        missingExamples.push(`${key(operationId, status)} example ${example}`);
    }
    return String([...vias.values()].reduce((a, b) => a + b, 0)).padStart(8);
  });
  console.log(`${operationId.padEnd(width)}  ${row.join("")}`);
}

console.log("\nWhat exercised each cell:");
for (const cell of declared) {
  const vias = seen.get(key(cell.operationId, cell.status));
  const described = vias
    ? [...vias].map(([via, count]) => (count > 1 ? `${via} ×${count}` : via)).join(", ")
    : "NOTHING";
  console.log(`  ${key(cell.operationId, cell.status).padEnd(width + 9)} ${described}`);
}

const exampleCount = declared.reduce((sum, cell) => sum + cell.examples.length, 0);
console.log(
  `\n${operations.length} operations, ${declared.length} declared responses (${declared.length - missingCells.length} exercised), ` +
    `${exampleCount} named response examples (${exampleCount - missingExamples.length} exercised).`,
);
if (missingCells.length > 0) console.log(`Not exercised: ${missingCells.join("; ")}`);
if (missingExamples.length > 0) console.log(`Examples not exercised: ${missingExamples.join("; ")}`);
if (check && (missingCells.length > 0 || missingExamples.length > 0)) process.exit(1);
