// The two programs the test command needs from the operating system, not from npm: Debian's `chromium`
// (the docs browser test) and `redis-server` (the shared rate limiter's tests). `npm test` installs what
// is missing when it may (Debian with apt-get, as root or with passwordless sudo); otherwise it stops at
// once with the one command that fixes it, instead of failing minutes later inside a test.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * @typedef {object} SystemPackage
 * @property {string} name The Debian package.
 * @property {string} program What must be on the machine afterwards.
 * @property {string} usedBy Which step needs it, for the message.
 * @property {string[]} [extras] Packages installed alongside (fonts for a readable screenshot).
 */

/** @type {Record<string, SystemPackage>} */
export const SYSTEM_PACKAGES = {
  chromium: {
    name: "chromium",
    program: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    usedBy: "the docs browser test",
    extras: ["fonts-dejavu-core"],
  },
  redis: { name: "redis-server", program: "redis-server", usedBy: "the shared rate limiter tests" },
};

/** True when `program` (a path, or a name looked up on PATH) can be run. */
function isInstalled(program) {
  if (program.includes("/")) return existsSync(program);
  return spawnSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" }).status === 0;
}

/** How this process may install Debian packages: [] as root, ["sudo", "-n"] with passwordless sudo. */
function installPrefix() {
  if (!isInstalled("apt-get")) return undefined;
  if (process.getuid?.() === 0) return [];
  if (spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0) return ["sudo", "-n"];
  return undefined;
}

/**
 * Installs the missing packages among `wanted`, or throws an Error whose message is the command to run.
 * Set PCO_NO_SYSTEM_INSTALL=1 to never install (the error then names the command instead).
 * @param {SystemPackage[]} wanted
 * @param {(line: string) => void} log
 */
export function ensureSystemPackages(wanted, log) {
  const missing = wanted.filter((pkg) => !isInstalled(pkg.program));
  if (missing.length === 0) return;
  const names = missing.flatMap((pkg) => [pkg.name, ...(pkg.extras ?? [])]);
  const why = missing.map((pkg) => `${pkg.name} (${pkg.usedBy})`).join(", ");
  const fix = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(" ")}`;
  const prefix = process.env.PCO_NO_SYSTEM_INSTALL === "1" ? undefined : installPrefix();
  if (prefix === undefined) throw new Error(`missing ${why}. Install with:\n  ${fix}`);

  log(`installing ${names.join(", ")} with apt-get (needed by ${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args) => {
    const [command, ...rest] = [...prefix, ...args];
    return spawnSync(command, rest, { stdio: ["ignore", "ignore", "inherit"], env });
  };
  for (const args of [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...names],
  ]) {
    if (run(args).status !== 0)
      throw new Error(`\`${args.join(" ")}\` failed. Install by hand with:\n  ${fix}`);
  }
  const still = missing.filter((pkg) => !isInstalled(pkg.program));
  if (still.length > 0)
    throw new Error(`${still.map((pkg) => pkg.program).join(", ")} still missing after apt-get.`);
}
