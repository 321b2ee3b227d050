// `npm start` (scripts/walkthrough.mjs) against the real Prism mock: it must finish the whole story,
// show the request id of every call, and leave no mock server behind.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const STEPS = [
  "1. Create an order",
  "2. Read it back",
  "3. List the customer's orders",
  "4. Wait until it is provisioned",
  "5. Cancel it",
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the walkthrough as `npm start` does after its build; kills it if it hangs. */
function walkthrough(args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/walkthrough.mjs", ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const guard = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Lines of `ps` naming the pid, its process group, or the port Prism was given. */
function leftovers(pid: number, port: string): string[] {
  const table = execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" });
  return table.split("\n").filter((line) => {
    const [p, group] = line.trim().split(/\s+/);
    return p === String(pid) || group === String(pid) || line.includes(`-p ${port}`);
  });
}

beforeAll(() => {
  // `npm start` runs `npm run build` first (prestart); the walkthrough imports dist/.
  if (!existsSync("scripts/build.mjs"))
    throw new Error("scripts/build.mjs is missing: `npm run build` fails");
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
});

describe("npm start (walkthrough on the Prism mock)", () => {
  let run: Run;

  it("runs the whole flow and exits 0", async () => {
    run = await walkthrough();
    expect(run.stderr).toBe("");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("MOCK mode");
  });

  it("names every step, shows request ids and ends with a summary", () => {
    for (const step of STEPS) expect(run.stdout).toContain(step);
    const ids = [...run.stdout.matchAll(new RegExp(`MS-RequestId (${GUID.source})`, "gi"))];
    expect(ids.length).toBeGreaterThanOrEqual(STEPS.length);
    expect(run.stdout).toMatch(/Summary\n {2}mode {10}mock \(Prism\)/);
    expect(run.stdout).toMatch(/HTTP calls +\d+ .*all successful/);
    expect(run.stdout).toContain("Mock stopped.");
  });

  it("never prints the bearer token", () => {
    expect(run.stdout + run.stderr).not.toContain("walkthrough-mock-token");
  });

  it("leaves no Prism process behind", () => {
    const started = run.stdout.match(/ready at http:\/\/127\.0\.0\.1:(\d+) \(Prism pid (\d+)\)/);
    expect(started, "the walkthrough names Prism's port and pid").not.toBeNull();
    const [, port, pid] = started!;
    expect(() => process.kill(Number(pid), 0), `Prism (pid ${pid}) is still running`).toThrow();
    expect(leftovers(Number(pid), port!)).toEqual([]);
  });
});

describe("npm start against a real endpoint", () => {
  it("refuses to start without a token, and says which variable to set", async () => {
    const env = { ...process.env, PARTNER_CENTER_TOKEN: "" };
    const refused = await walkthrough(["--base-url", "https://127.0.0.1:9/v1"], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("PARTNER_CENTER_TOKEN");
    expect(refused.stdout).not.toContain("Starting mock");
  });
});
