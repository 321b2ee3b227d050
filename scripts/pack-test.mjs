#!/usr/bin/env node
// Checks the package as a user gets it: lint the package metadata (publint, attw), pack the tarball,
// install it into a scratch project, import it from ESM, require() it from CommonJS, load the
// validation entry point with its optional peers, and type-check a small consumer. Prints the packed
// size and the runtime dependency count; exits non-zero on the first failure; always cleans up.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "pco-pack-"));
const env = {
  ...process.env,
  NO_UPDATE_NOTIFIER: "1",
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
};

function run(label, command, args, cwd = root) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  if (result.status !== 0) {
    console.error(output);
    throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
  }
  return result.stdout ?? "";
}

const node = (label, args, cwd) => run(label, process.execPath, args, cwd);

/** A strict NodeNext tsconfig for the scratch project, checking only `files`. */
function consumerTsconfig(files, skipLibCheck) {
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2022", "DOM"],
      strict: true,
      noEmit: true,
      types: [],
      skipLibCheck,
    },
    files,
  });
}

/**
 * The partner's vitest example for partner-center-orders/testing, as documented: the README's block
 * under "## Test your integration" when it has one, else the marked block of docs/testing.md.
 */
function testingExample() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = /\n## Test your integration\n([\s\S]*?)(?=\n## |$)/.exec(readme)?.[1] ?? "";
  const fromReadme = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (fromReadme !== undefined) return fromReadme;
  const guide = readFileSync(join(root, "docs/testing.md"), "utf8");
  const fromGuide = /<!-- example: partner vitest example[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(guide)?.[1];
  if (fromGuide === undefined) throw new Error("docs/testing.md has no marked ```ts example block");
  return fromGuide;
}

/**
 * Runs that example in the scratch project against the installed tarball (peers already installed):
 * it must type-check and pass under vitest. Also starts the emulator's bin once.
 */
function runTestingExample(project) {
  const vitestVersion = JSON.parse(
    readFileSync(join(root, "node_modules/vitest/package.json"), "utf8"),
  ).version;
  run(
    "install vitest for the testing example",
    npm,
    ["install", "--no-audit", "--no-fund", "--prefer-offline", `vitest@${vitestVersion}`],
    project,
  );
  writeFileSync(join(project, "orders.test.ts"), testingExample());
  // skipLibCheck: vitest's own declarations are not what this checks.
  writeFileSync(join(project, "tsconfig.testing.json"), consumerTsconfig(["orders.test.ts"], true));
  node(
    "type-check the testing example",
    [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.testing.json"],
    project,
  );
  console.log(
    node(
      "run the testing example with vitest",
      [join(project, "node_modules/vitest/vitest.mjs"), "run", "orders.test.ts"],
      project,
    )
      .split("\n")
      .filter((line) => /Tests|passed|failed/.test(line))
      .join("\n"),
  );
  const help = node(
    "the emulator bin answers --help",
    [join(project, "node_modules/partner-center-orders/dist/testing/bin.js"), "--help"],
    project,
  );
  if (!help.includes("partner-center-orders-emulator")) throw new Error("the emulator bin printed no usage");
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * partner-center-orders/redis loads without the `redis` package (an optional peer the entry never
 * imports), checks its client, and its store plugs into `throttling.store`.
 */
function checkRedisEntry(project) {
  writeFileSync(
    join(project, "redis-entry.mjs"),
    `import { PartnerCenterClient } from "partner-center-orders";
import { redisRateLimitStore } from "partner-center-orders/redis";
let refused = false;
try { redisRateLimitStore({ client: {} }); } catch (e) { refused = e instanceof TypeError; }
if (!refused) throw new Error("a client without eval/evalSha was accepted");
const client = { evalSha: async () => [0, 1], eval: async () => [0, 1] };
const store = redisRateLimitStore({ client, keyPrefix: "pack-test:" });
new PartnerCenterClient({ credential: "t0ken", throttling: { store } });
if ((await store.take("tenant", 5, 60000)).granted !== true) throw new Error("store did not grant");
console.log("redis entry point ok");
`,
  );
  node("import the redis entry point (without the redis package)", ["redis-entry.mjs"], project);
}

try {
  node("build", ["scripts/build.mjs"]);
  console.log(node("publint", ["node_modules/publint/src/cli.js", "--strict"]).trim());
  console.log(
    node("attw (esm-only profile)", [
      "node_modules/@arethetypeswrong/cli/dist/index.js",
      "--pack",
      ".",
      "--profile",
      "esm-only",
    ]).trim(),
  );

  const packed = JSON.parse(
    run("npm pack", npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch]),
  )[0];
  const tarball = join(scratch, packed.filename);
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const dependencies = Object.keys(manifest.dependencies ?? {});

  const project = join(scratch, "consumer");
  rmSync(project, { recursive: true, force: true });
  spawnSync("mkdir", ["-p", project]);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, version: "0.0.0" }),
  );
  run(
    "install the tarball",
    npm,
    ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball],
    project,
  );

  writeFileSync(
    join(project, "esm.mjs"),
    `import { PartnerCenterClient, isPartnerCenterError, KnownOrderStatus, PartnerCenterError } from "partner-center-orders";
const client = new PartnerCenterClient({ credential: "t0ken" });
if (typeof client.orders.create !== "function" || typeof client.raw.GET !== "function") throw new Error("surface missing");
if (KnownOrderStatus.Pending !== "pending") throw new Error("KnownOrderStatus missing");
if (!isPartnerCenterError(new PartnerCenterError("x", { statusCode: 0 }))) throw new Error("guard broken");
let refused = false;
try { new PartnerCenterClient({ credential: " " }); } catch (e) { refused = e instanceof TypeError; }
if (!refused) throw new Error("empty credential accepted");
console.log("ESM import ok");
`,
  );
  node("import from ESM", ["esm.mjs"], project);
  checkRedisEntry(project);

  writeFileSync(
    join(project, "cjs.cjs"),
    `const { PartnerCenterClient } = require("partner-center-orders");
if (typeof PartnerCenterClient !== "function") throw new Error("require() gave no PartnerCenterClient");
console.log("CommonJS require ok");
`,
  );
  node("require() from CommonJS", ["--no-warnings", "cjs.cjs"], project);

  writeFileSync(
    join(project, "consumer.ts"),
    `import { PartnerCenterClient, type CreateOrderInput, type Order, type PagedAsyncIterableIterator, isPartnerCenterError } from "partner-center-orders";
import { ValidatingPartnerCenterClient } from "partner-center-orders/validation";
const client = new PartnerCenterClient({ credential: async () => "token", throttling: { requestsPerMinute: 100 } });
const input: CreateOrderInput = { lineItems: [{ offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 1 }] };
export async function buy(customerId: string): Promise<string> {
  try {
    const order: Order = await client.orders.create(customerId, input, { timeoutInMs: 30_000 });
    return order.id;
  } catch (error) {
    if (isPartnerCenterError(error) && error.statusCode === 0) return error.requestId ?? "";
    throw error;
  }
}
export const pages: PagedAsyncIterableIterator<Order> = client.orders.list("c");
export const validating = new ValidatingPartnerCenterClient({ credential: "t" });
// @ts-expect-error status is server-owned and not part of CreateOrderInput
export const bad: CreateOrderInput = { lineItems: [], status: "pending" };
`,
  );
  // The README's quick start must compile against the packed package exactly as printed (as ESM:
  // it uses top-level await).
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const quickStart = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (quickStart === undefined) throw new Error("README.md has no ```ts block under ## Quick start");
  writeFileSync(
    join(project, "quickstart.mts"),
    `declare const process: { env: Record<string, string | undefined> };\n${quickStart}`,
  );
  writeFileSync(join(project, "tsconfig.json"), consumerTsconfig(["consumer.ts", "quickstart.mts"], false));
  node(
    "type-check a consumer and the README's quick start",
    [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"],
    project,
  );

  run(
    "install the optional peers",
    npm,
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "ajv@^8.17.0", "ajv-formats@^3.0.1"],
    project,
  );
  writeFileSync(
    join(project, "validation.mjs"),
    `import { createResponseValidator } from "partner-center-orders/validation";
const validator = createResponseValidator();
if (validator.validateResponse("getOrder", 200, { id: "x" }).valid !== true) throw new Error("valid body refused");
if (validator.validateResponse("getOrder", 200, { id: 1 }).valid !== false) throw new Error("invalid body accepted");
console.log("validation entry point ok");
`,
  );
  node("import the validation entry point", ["validation.mjs"], project);
  runTestingExample(project);

  const installed = run(
    "list installed runtime packages",
    npm,
    ["ls", "--all", "--omit=dev", "--parseable"],
    project,
  )
    .split("\n")
    .filter((line) => line.includes("node_modules"));
  console.log(
    `\n✓ packed ${packed.filename}: ${(packed.size / 1024).toFixed(1)} KiB (${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked, ` +
      `${packed.entryCount} files); runtime dependencies: ${dependencies.length} (${dependencies.join(", ")}); ` +
      `packages installed with it (peers included): ${installed.length}`,
  );
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
