// Starts a real Stoplight Prism mock of the bundled spec on a free loopback port, for scripts.
// Prism runs detached in its own process group so stop() can end it and anything it forks at once.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PRISM = fileURLToPath(
  new URL("../../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url),
);
const WATCHDOG = fileURLToPath(new URL("./exit-with-parent.cjs", import.meta.url));
const SPEC = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));

/** A port the OS considers free right now (another process may still take it first; we retry). */
async function freePort() {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  await once(probe, "close");
  return port;
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Resolves true once the child has exited, false if it has not within `ms`. */
function waitForExit(child, ms) {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function startOn(port, { onWait, readyTimeoutInMs }) {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ["--require", WATCHDOG, PRISM, "mock", SPEC, "-h", "127.0.0.1", "-p", String(port)],
    {
      cwd: ROOT,
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
      signalGroup(child, "SIGTERM");
      if (!(await waitForExit(child, 3000))) signalGroup(child, "SIGKILL");
      await waitForExit(child, 3000);
      process.removeListener("exit", killOnExit);
    })();
    return stopping;
  };

  // Ready means answering HTTP: poll with a short back-off instead of sleeping a fixed time.
  const deadline = Date.now() + readyTimeoutInMs;
  for (let attempt = 0; ; attempt++) {
    if (exited(child)) {
      await stop();
      throw new Error(`Prism exited (${child.exitCode ?? child.signalCode}) before answering:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
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
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 250)));
  }
}

/**
 * Starts `prism mock generated/openapi.json` and resolves once it answers, with its base URL, pid
 * and an idempotent stop(). `onWait` is called on every unanswered poll (for progress dots).
 */
export async function startPrismMock({ onWait, readyTimeoutInMs = 30_000 } = {}) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOn(await freePort(), { onWait, readyTimeoutInMs });
    } catch (error) {
      lastError = error; // most likely the port was taken between the probe and Prism's bind
    }
  }
  throw lastError;
}
