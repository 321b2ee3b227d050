/**
 * Figure 3: start-up and footprint. Cold `import` of the built package against openapi-fetch alone
 * (fresh child processes, variants interleaved, medians), the packed tarball (`npm pack --dry-run`)
 * and the runtime dependencies a user installs.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { entryPoints, REPO_ROOT } from "./package-under-test.mjs";
import { median, round3 } from "./stats.mjs";

const execFileAsync = promisify(execFile);
const CHILD = fileURLToPath(new URL("./import-child.mjs", import.meta.url));

export const STARTUP_DEFAULTS = { rounds: 15 };

/** @param {{ packageRoot: string, rounds?: number }} options */
export async function runStartup(options) {
  const { rounds } = { ...STARTUP_DEFAULTS, ...options };
  const urls = entryPoints(options.packageRoot);
  const variants = [
    { name: "openapi-fetch", args: [import.meta.resolve("openapi-fetch")] },
    {
      name: "openapi-fetch by name",
      args: [new URL("./startup-openapi-fetch-by-name.mjs", import.meta.url).href],
    },
    { name: "package", args: [urls.main] },
    { name: "package/validation + first client", args: [urls.validation, "--construct-validating-client"] },
  ];
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length];
      const { stdout } = await execFileAsync(process.execPath, [CHILD, ...variant.args]);
      samples[variant.name].push(JSON.parse(stdout).readyInMs);
    }
  }
  const coldImportInMs = Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [name, round3(median(s))]),
  );
  const ratio = median(samples.package.map((value, i) => value / samples["openapi-fetch"][i]));
  const byName = median(samples.package.map((value, i) => value / samples["openapi-fetch by name"][i]));
  return {
    rounds,
    coldImportInMs,
    ratios: { "package / openapi-fetch": round3(ratio), "package / openapi-fetch by name": round3(byName) },
    packed: await packedSize(),
    dependencies: runtimeDependencies(),
  };
}

/** What `npm pack` would publish, without running lifecycle scripts (the caller has built already). */
async function packedSize() {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const { stdout } = await execFileAsync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_UPDATE_NOTIFIER: "1", npm_config_update_notifier: "false" },
  });
  const [pack] = JSON.parse(stdout);
  return {
    tarballBytes: pack.size,
    unpackedBytes: pack.unpackedSize,
    files: pack.entryCount,
    includesDist: pack.files.some((file) => file.path === "dist/index.js"),
  };
}

/**
 * Packages installed with the package: `dependencies`, transitively (with their required peers).
 * The optional peers of the validation entry point are counted on their own.
 */
function runtimeDependencies() {
  const manifest = readJson(join(REPO_ROOT, "package.json"));
  const direct = Object.keys(manifest.dependencies ?? {});
  const optionalPeers = Object.keys(manifest.peerDependencies ?? {}).filter(
    (name) => manifest.peerDependenciesMeta?.[name]?.optional,
  );
  const core = closure(direct);
  const withValidation = closure([...direct, ...optionalPeers]);
  return {
    direct: direct.length,
    transitive: core.length,
    names: core,
    optionalPeers,
    transitiveWithValidation: withValidation.length,
  };
}

function closure(names) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const path = join(REPO_ROOT, "node_modules", name, "package.json");
    if (!existsSync(path)) throw new Error(`${name} is not installed; cannot count its dependencies`);
    const manifest = readJson(path);
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter(
      (peer) => !manifest.peerDependenciesMeta?.[peer]?.optional,
    );
    for (const dependency of [...Object.keys(manifest.dependencies ?? {}), ...peers]) visit(dependency);
  };
  for (const name of names) visit(name);
  return [...seen].sort();
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}
