// Starts a real Stoplight Prism mock on a free loopback port, for the contract tests' global setup and
// for the walkthrough. Prism runs detached in its own process group, so stop() ends it and anything it
// forks at once; a preloaded watchdog makes it exit if the process that started it dies without stop().
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BUNDLED_SPEC = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));
const PRISM_CLI = fileURLToPath(
  new URL("../../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url),
);
const WATCHDOG = fileURLToPath(new URL("./exit-with-parent.cjs", import.meta.url));

/** A port the OS considers free right now (another process may take it first; callers retry). */
async function freePort() {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  await once(probe, "close");
  return port;
}

const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // negative pid: the whole group Prism leads
  } catch {
    // The group is gone already.
  }
}

/** Resolves true once the child has exited, false if it has not within `ms`. */
function waitForExit(child, ms) {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function startOn(port, { spec = BUNDLED_SPEC, args = [], probePath = "/", onWait, readyTimeoutInMs }) {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ["--require", WATCHDOG, PRISM_CLI, "mock", spec, "-h", "127.0.0.1", "-p", String(port), ...args],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SCARF_ANALYTICS: "false", NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" },
    },
  );
  // Drain Prism's (chatty) log so it never blocks on a full pipe; keep the tail for error messages.
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  // If this process exits without calling stop(), still take Prism down with it.
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (!hasExited(child)) signalGroup(child, "SIGTERM");
      if (!(await waitForExit(child, 3000))) signalGroup(child, "SIGKILL");
      await waitForExit(child, 3000);
      // Anything Prism forked may outlive it; one more group signal reaches what is left.
      signalGroup(child, "SIGKILL");
      process.removeListener("exit", killOnExit);
    })();
    return stopping;
  };

  // Ready means answering HTTP: poll with a short back-off instead of sleeping a fixed time.
  const deadline = Date.now() + readyTimeoutInMs;
  for (let attempt = 0; ; attempt++) {
    if (hasExited(child)) {
      await stop();
      throw new Error(`Prism exited (${child.exitCode ?? child.signalCode}) before answering:\n${log}`);
    }
    try {
      const response = await fetch(`${url}${probePath}`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return { url, pid: child.pid, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not answer within ${readyTimeoutInMs} ms:\n${log}`);
    }
    onWait?.();
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 250)));
  }
}

/** Starts `prism mock <spec>` and resolves once it answers, with its URL, pid and an idempotent stop(). */
export async function startPrism({ readyTimeoutInMs = 30_000, ...options } = {}) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOn(await freePort(), { ...options, readyTimeoutInMs });
    } catch (error) {
      lastError = error; // most likely the port was taken between the probe and Prism's bind
    }
  }
  throw lastError;
}
