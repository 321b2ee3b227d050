#!/usr/bin/env node
// `npm run docs:serve [-- --port 8080]`: serves the built Redoc page on loopback, building it first
// when it is missing. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { serveStatic } from "./lib/static-server.mjs";

const DOCS_DIR = "build/docs";

const { values } = parseArgs({ options: { port: { type: "string", default: "8080" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, not "${values.port}"`);
  process.exit(2);
}

if (!existsSync(`${DOCS_DIR}/index.html`)) {
  console.log(`${DOCS_DIR}/index.html is missing; building it (npm run docs)…`);
  const build = spawnSync(process.execPath, ["scripts/build-docs.mjs"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

let server;
try {
  server = await serveStatic(DOCS_DIR, { host: "127.0.0.1", port });
} catch (error) {
  console.error(`Cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
console.log(`Serving the API documentation at ${server.url} (Ctrl-C to stop)`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await server.close();
    console.log("Stopped.");
    process.exit(0);
  });
}
