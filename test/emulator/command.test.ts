// The bin as users run it: a real child process that prints its URL, serves, and stops on SIGTERM/SIGINT.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { runEmulatorCommand } from "../../src/testing/index.js";
import { CUSTOMER, newOrderBody, TOKEN } from "./helpers.js";

const BIN = "dist/testing/bin.js";

beforeAll(() => {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 120_000);

/** Starts the bin and resolves with its URL once it prints it. */
function startBin(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the emulator did not print its URL:\n${output}`));
    }, 20_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(guard);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("error", reject);
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

describe("partner-center-orders-emulator", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints its URL, serves orders, and stops cleanly on ${signal}`, async () => {
      const { child, url, output } = await startBin(["--port", "0"]);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const created = await fetch(`${url}/v1/customers/${CUSTOMER}/orders`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify(newOrderBody()),
      });
      expect(created.status).toBe(201);
      const exited = exitOf(child);
      child.kill(signal);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(output()).toContain("Emulator stopped (1 requests served).");
      await expect(fetch(`${url}/v1/customers/${CUSTOMER}/orders`)).rejects.toThrow();
    });
  }

  it("rejects an unknown option with exit code 2 and the usage", async () => {
    const run = spawnSync(process.execPath, [BIN, "--bogus"], { encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Usage: partner-center-orders-emulator");
  });
});

describe("runEmulatorCommand", () => {
  it("runs in-process until aborted, for the package's command line to delegate to", async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let url = "";
    const done = runEmulatorCommand(["--port", "0", "--time-scale", "10"], {
      stdout: (line) => lines.push(line),
      abortSignal: stop.signal,
      onListening: (emulator) => {
        url = emulator.url;
      },
    });
    await expect.poll(() => url).not.toBe("");
    expect(
      (await fetch(`${url}/v1/customers/${CUSTOMER}/orders`, { headers: { Authorization: "Bearer t" } }))
        .status,
    ).toBe(200);
    stop.abort();
    expect(await done).toBe(0);
    expect(lines.join("\n")).toContain(`listening on ${url}`);
  });

  it("says what is wrong with a bad number", async () => {
    const errors: string[] = [];
    expect(await runEmulatorCommand(["--port", "abc"], { stderr: (line) => errors.push(line) })).toBe(2);
    expect(errors.join()).toContain('--port must be a number, not "abc"');
  });
});
