#!/usr/bin/env node
// Builds the Redoc page from the bundled spec as one self-contained HTML file: Redoc's scripts are
// inlined (--inlineBundle), so the page loads nothing from another host.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

export const DOCS_FILE = "build/docs/index.html";

mkdirSync("build/docs", { recursive: true });
const run = spawnSync(
  process.execPath,
  [
    "node_modules/@redocly/cli/bin/cli.js",
    "build-docs",
    "generated/openapi.json",
    "--inlineBundle",
    "--title",
    "Partner Center Orders API",
    "--output",
    DOCS_FILE,
  ],
  { encoding: "utf8", env: { ...process.env, REDOCLY_TELEMETRY: "off" } },
);
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(1);
}

// Refuse to ship a page that would fetch a script, stylesheet or font from elsewhere.
const html = readFileSync(DOCS_FILE, "utf8");
const external = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(https?:)?\/\/[^"'\s>]+/gi)];
if (external.length > 0) {
  console.error(`${DOCS_FILE} references other hosts:\n${external.map((m) => m[0]).join("\n")}`);
  process.exit(1);
}
console.log(`Wrote ${DOCS_FILE} (${(html.length / 1024 / 1024).toFixed(1)} MB, self-contained).`);
