#!/usr/bin/env node
// Builds dist/ from src/: removes the old output first (so deleted modules do not linger in the
// package), then compiles with scripts/tsconfig.build.json (ESM and declarations, without maps).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
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
process.exit(run.status ?? 1);
