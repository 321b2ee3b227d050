#!/usr/bin/env node
// Builds the Redoc page from the bundled spec as one self-contained HTML file: Redoc's scripts are
// inlined (--inlineBundle), so the page loads nothing from another host.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

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

// Even inlined, Redoc 3.0.1 draws the sidebar's "API docs by Redocly" logo as
// <img src="https://cdn.redoc.ly/redoc/logo-mini(-full).svg"> after hydration (seen in headless
// Chromium), and no option turns it off. Keep the attribution but draw it from an inline SVG.
const svg = (width, text) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
      `<text x="0" y="12.5" font-family="sans-serif" font-size="12" font-weight="700" fill="#0044D4">${text}</text></svg>`,
  )}`;
const LOGOS = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": svg(52, "Redocly"),
  "https://cdn.redoc.ly/redoc/logo-mini.svg": svg(10, "R"),
};

// A Content-Security-Policy as a second line of defence: whatever code path we did not exercise
// (icon sets on cdn.redocly.com, telemetry to otel.cloud.redocly.com), the browser refuses to
// contact another host. Redoc's inlined bundle needs inline scripts and styles; nothing else.
const CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

let html = readFileSync(DOCS_FILE, "utf8");
for (const [url, inline] of Object.entries(LOGOS)) html = html.replaceAll(url, inline);
html = html.replace("<head>", `<head>\n  <meta http-equiv="Content-Security-Policy" content="${CSP}">`);
writeFileSync(DOCS_FILE, html);

// Refuse to ship a page that would fetch a script, stylesheet or font from elsewhere.
const external = [
  ...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(https?:)?\/\/[^"'\s>]+/gi),
];
if (external.length > 0) {
  console.error(`${DOCS_FILE} references other hosts:\n${external.map((m) => m[0]).join("\n")}`);
  process.exit(1);
}
console.log(`Wrote ${DOCS_FILE} (${(html.length / 1024 / 1024).toFixed(1)} MB, self-contained).`);
