/**
 * Starts and stops a real Stoplight Prism process for the vitest global setup. Kept free of vitest so the
 * process handling can be read (and fixed) on its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const PRISM_CLI = fileURLToPath(
  new URL("../../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url),
);
export const BUNDLED_SPEC = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));
const WATCHDOG = fileURLToPath(new URL("./parent-watchdog.cjs", import.meta.url));

export interface RunningPrism {
  url: string;
  pid: number;
  /** Stops the whole process group: SIGTERM, then SIGKILL if it has not exited in time. Idempotent. */
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port. Another process could take it before Prism binds, so callers retry. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP address for the probe socket");
  return address.port;
}

/** Keeps the last lines a process printed, for error messages, while draining its pipes so it never blocks. */
function tail(child: ChildProcess, keep = 40): () => string {
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - keep));
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return () => lines.join("\n");
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // negative pid: the whole group Prism leads (it was spawned detached)
  } catch {
    // Group already gone.
  }
}

async function waitForExit(child: ChildProcess, timeoutInMs: number): Promise<boolean> {
  if (hasExited(child)) return true;
  const exited = once(child, "exit").then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutInMs);
  });
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  return result;
}

/** Polls until Prism answers any HTTP request on `probePath`. No fixed sleeps: ready means answering. */
async function waitUntilAnswering(
  url: string,
  probePath: string,
  child: ChildProcess,
  output: () => string,
  timeoutInMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (let attempt = 0; ; attempt++) {
    if (hasExited(child)) {
      throw new Error(
        `Prism exited (code ${child.exitCode}, signal ${child.signalCode}) before answering:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${url}${probePath}`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`Prism did not answer within ${timeoutInMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 200)));
  }
}

export interface StartPrismOptions {
  spec?: string;
  /** Extra CLI arguments after `mock <spec>`. */
  args?: string[];
  /** A path Prism serves, used to detect readiness. */
  probePath: string;
  readyTimeoutInMs?: number;
}

/** Starts `prism mock` on a free loopback port and resolves once it answers. */
export async function startPrism(options: StartPrismOptions): Promise<RunningPrism> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startOn(port, options);
    } catch (error) {
      lastError = error; // most likely the port was taken between probing and binding
    }
  }
  throw lastError;
}

async function startOn(port: number, options: StartPrismOptions): Promise<RunningPrism> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      "--require",
      WATCHDOG,
      PRISM_CLI,
      "mock",
      options.spec ?? BUNDLED_SPEC,
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      ...(options.args ?? []),
    ],
    {
      cwd: REPO_ROOT,
      // Its own process group, so teardown can signal Prism and anything it forks in one call.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SCARF_ANALYTICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
    },
  );
  const output = tail(child);
  // Last resort if the runner exits without teardown (e.g. an uncaught error): kill synchronously.
  const onExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", onExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (!hasExited(child)) signalGroup(child, "SIGTERM");
      if (!(await waitForExit(child, 3000))) {
        signalGroup(child, "SIGKILL");
        await waitForExit(child, 3000);
      }
      // Anything Prism forked may outlive it; one more group signal reaches what is left.
      signalGroup(child, "SIGKILL");
      process.removeListener("exit", onExit);
    })();
    return stopping;
  };

  try {
    await waitUntilAnswering(url, options.probePath, child, output, options.readyTimeoutInMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error("Prism has no pid");
  return { url, pid: child.pid, stop };
}
