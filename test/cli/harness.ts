/**
 * Runs the built `partner-center-orders` executable as a child process, with an environment of the
 * test's choosing (nothing of the caller's PARTNER_CENTER_* or NO_COLOR leaks in).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = join(ROOT, "dist", "cli", "main.js");
export const CUSTOMER = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
export const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.cli-secret-token.signature";
export const OFFER = "CFQ7TTC0LH18:0001:CFQ7TTC0K971";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
}

export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...extra,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Starts the executable; `result` settles when it exits. */
export function startCli(
  args: readonly string[],
  options: CliOptions = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: cliEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  return { child, result: collect(child, options.input ?? "") };
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** Collects the output until the child exits; writes `input` and closes stdin, unless `input` is undefined. */
export function collect(child: ChildProcess, input: string | undefined): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  if (input !== undefined) child.stdin?.end(input);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      child.stdin?.end();
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The exit code, with the output in the failure message when it is not the expected one. */
export function expectExit(result: CliResult, code: number): void {
  expect(result.code, `exit code; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(code);
}

/** Polls until `condition` holds (for state another process changes), failing after `timeoutInMs`. */
export async function eventually(condition: () => boolean, timeoutInMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A directory holding `partner-center-orders` as a user's PATH would, for running commands the
 * executable printed exactly as printed. Removed after the test file.
 */
export function binDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "pco-cli-bin-"));
  const wrapper = join(directory, "partner-center-orders");
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/**
 * Runs the executable on a pseudo-terminal with util-linux `script`, so stdin, stdout and stderr are all
 * a TTY (stdout and stderr arrive merged, with CRLF line ends). `answer` is typed once `waitFor` appears.
 */
export async function runOnTerminal(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; waitFor?: string; answer?: string } = {},
): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args]
    .map((word) => `'${word.replaceAll("'", `'"'"'`)}'`)
    .join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    cwd: ROOT,
    env: cliEnv({ SHELL: "/bin/sh", TERM: "xterm", ...options.env }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let typed = false;
  let seen = "";
  child.stdout?.on("data", (chunk: Buffer | string) => {
    seen += String(chunk);
    if (!typed && options.waitFor !== undefined && seen.includes(options.waitFor)) {
      typed = true;
      child.stdin?.write(options.answer ?? "");
    }
  });
  const result = await collect(child, undefined);
  return { ...result, stdout: result.stdout.replaceAll("\r\n", "\n") };
}

/** `orders create` of one line of OFFER, with more words after it. */
export function createOrderArgs(customer: string, quantity: number, ...more: string[]): string[] {
  return [
    "orders",
    "create",
    "--customer",
    customer,
    "--offer",
    OFFER,
    "--quantity",
    String(quantity),
    ...more,
  ];
}
