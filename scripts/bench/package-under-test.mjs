/**
 * Where the benchmarks find the package. The full run measures the real build (`dist/`, made by
 * scripts/build.mjs); the smoke test compiles src/ into a scratch directory laid out like the package
 * (dist/, generated/openapi.json, node_modules), so it never races other work over `dist/`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the project's own build; returns the package root (the repository). */
export function buildRepoPackage() {
  run(["scripts/build.mjs"]);
  return REPO_ROOT;
}

/** Compiles src/ into a scratch package root; returns it. The caller removes it. */
export function buildScratchPackage() {
  const root = mkdtempSync(join(tmpdir(), "pco-bench-"));
  run([
    "node_modules/typescript/bin/tsc",
    "-p",
    "scripts/tsconfig.build.json",
    "--outDir",
    join(root, "dist"),
  ]);
  mkdirSync(join(root, "generated"));
  copyFileSync(join(REPO_ROOT, "generated/openapi.json"), join(root, "generated/openapi.json"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "pco-bench-scratch", type: "module" }));
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  return root;
}

/** File URLs of the package's entry points under `root`. */
export function entryPoints(root) {
  return {
    main: pathToFileURL(join(root, "dist/index.js")).href,
    validation: pathToFileURL(join(root, "dist/validation/index.js")).href,
  };
}

/** Imports both entry points: `{ pkg, validation }`. */
export async function loadPackage(root) {
  const urls = entryPoints(root);
  return { pkg: await import(urls.main), validation: await import(urls.validation) };
}

function run(args) {
  const result = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0)
    throw new Error(`${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
}
