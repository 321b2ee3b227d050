#!/usr/bin/env node
// Builds dist/ from src/: removes the old output first (so deleted modules do not linger in the
// package), then compiles with scripts/tsconfig.build.json (ESM and declarations, without maps),
// then bundles the entry points with rolldown into minified files: fewer, smaller modules to resolve
// and evaluate make a cold import about 2.5× cheaper. The bundles replace the compiled entry files;
// the other compiled modules stay beside them (unused by the entries; the Redis benchmark loads one).
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const run = spawnSync(
  process.execPath,
  [
    "node_modules/typescript/bin/tsc",
    "-p",
    "scripts/tsconfig.build.json",
    // The package ships dist/ without src/, so maps would point at files users do not have.
    "--sourceMap",
    "false",
    "--declarationMap",
    "false",
  ],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (run.status !== 0) process.exit(run.status ?? 1);

const bundle = join(root, ".bundle");
rmSync(bundle, { recursive: true, force: true });
// Every entry point the package declares (exports and bins), bundled together so they share one copy
// of each class. Shared code goes to dist/chunks/, one level down like the entries that read
// ../../generated/openapi.json relative to their own file.
await build({
  cwd: root,
  platform: "node",
  logLevel: "warn",
  input: entryPoints(),
  external: [/^openapi-fetch/, /^ajv/, /^node:/],
  output: {
    dir: bundle,
    format: "esm",
    minify: true,
    entryFileNames: "[name].js",
    chunkFileNames: "chunks/[name]-[hash].js",
  },
});
for (const file of listJs(bundle)) {
  const target = join(dist, file.slice(bundle.length + 1));
  mkdirSync(dirname(target), { recursive: true });
  renameSync(file, target);
}
rmSync(bundle, { recursive: true, force: true });

/** `{ "validation/index": "dist/validation/index.js", ... }` from package.json's exports and bin. */
function entryPoints() {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const targets = [
    ...Object.values(manifest.exports ?? {}).map((target) =>
      typeof target === "string" ? target : target.import,
    ),
    ...Object.values(manifest.bin ?? {}),
  ].filter((target) => typeof target === "string" && /^\.\/dist\/.*\.js$/.test(target));
  return Object.fromEntries(targets.map((target) => [target.slice("./dist/".length, -".js".length), target]));
}

function listJs(directory) {
  return readdirSync(directory, { recursive: true })
    .map((name) => join(directory, String(name)))
    .filter((path) => path.endsWith(".js") && statSync(path).isFile());
}
