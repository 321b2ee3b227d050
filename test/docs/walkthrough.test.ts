// `npm start` (scripts/walkthrough.mjs): on the emulator (the default) it must tell one story about one
// order whose status changes from step to step, and show a lost answer replayed with the same
// MS-RequestId; with --prism it runs the same calls on the real Prism mock and leaves no Prism behind.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const PRISM_STEPS = [
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

/** The text of step `n` (from its heading to the next heading or the summary). */
function stepText(stdout: string, n: number): string {
  const start = stdout.indexOf(`\n${n}. `);
  if (start < 0) return "";
  const rest = stdout.slice(start + 1);
  const end = rest.search(/\n(\d+\. |Summary)/);
  return end < 0 ? rest : rest.slice(0, end);
}

describe("npm start (walkthrough on the emulator, the default)", () => {
  let run: Run;

  it("runs the whole story and exits 0", async () => {
    run = await walkthrough();
    expect(run.stderr).toBe("");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("EMULATOR mode");
    expect(run.stdout).toMatch(/Emulator ready at http:\/\/127\.0\.0\.1:\d+/);
  });

  it("follows one order: created pending, read back, listed, provisioned to completed, cancelled", () => {
    const created = /order (\w+), status pending/.exec(stepText(run.stdout, 1));
    expect(created, stepText(run.stdout, 1)).not.toBeNull();
    const id = created![1]!;
    expect(stepText(run.stdout, 2)).toContain(`order ${id}, status pending`);
    expect(stepText(run.stdout, 3)).toMatch(new RegExp(`${id}\\s+pending`));
    const provisioning = stepText(run.stdout, 4);
    expect(provisioning).toContain("line 0: prefulfillmentPending → fulfilled");
    expect(provisioning).toContain(`order ${id} is now completed`);
    expect(provisioning).toMatch(new RegExp(`line 0: subscription ${GUID.source}`, "i"));
    const subscriptionId = new RegExp(`line 0: subscription (${GUID.source})`, "i").exec(provisioning)?.[1];
    expect(stepText(run.stdout, 5)).toContain("Read the subscriptions it created");
    expect(stepText(run.stdout, 5)).toContain(`subscription ${subscriptionId}: 5 × `);
    expect(run.stdout).toMatch(
      new RegExp(
        `\\d\\. Cancel it\\n.*PATCH /v1/customers/\\{customerId\\}/orders/${id} → 200[^\\n]*\\n\\s+order ${id}, status cancelled`,
      ),
    );
    expect(run.stdout).toContain(`cancelled     order ${id}, now cancelled`);
  });

  it("shows a lost answer replayed with the same MS-RequestId, buying once", () => {
    const heading = run.stdout.match(/\n(\d+)\. Lose an answer, retry with the same MS-RequestId/);
    expect(heading).not.toBeNull();
    const step = stepText(run.stdout, Number(heading![1]));
    const attempts = [
      ...step.matchAll(new RegExp(`POST \\S+ → (no answer|\\d+)  \\(MS-RequestId (${GUID.source})\\)`, "gi")),
    ];
    expect(attempts.map((a) => a[1])).toEqual(["no answer", "201"]);
    expect(attempts[0]![2]).toBe(attempts[1]![2]);
    expect(step).toContain("this purchase was placed once");
    expect(run.stdout).toMatch(/HTTP calls +\d+ .*all successful \(plus 1 answer lost on purpose\)/);
  });

  it("checks every answer against the spec and stops the emulator", () => {
    expect(run.stdout).toMatch(/spec checks +\d+ answers checked, 0 violations/);
    expect(run.stdout).toMatch(/Summary\n {2}mode {10}emulator/);
    expect(run.stdout).toContain("Emulator stopped.");
    expect(run.stdout + run.stderr).not.toContain("walkthrough-emulator-token");
  });
});

describe("npm start -- --prism (walkthrough on the Prism mock)", () => {
  let run: Run;

  it("runs the whole flow and exits 0", async () => {
    run = await walkthrough(["--prism"]);
    expect(run.stderr).toBe("");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("MOCK mode");
  });

  it("names every step, shows request ids and ends with a summary", () => {
    for (const step of PRISM_STEPS) expect(run.stdout).toContain(step);
    const ids = [...run.stdout.matchAll(new RegExp(`MS-RequestId (${GUID.source})`, "gi"))];
    expect(ids.length).toBeGreaterThanOrEqual(PRISM_STEPS.length);
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
