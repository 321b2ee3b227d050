// The one way this project starts Stoplight Prism (the contract tests' global setup, the walkthrough and
// `npm run mock`): on a free loopback port, detached in its own process group so stop() ends it and
// anything it forks at once; a preloaded watchdog makes it exit if its parent dies without stop().
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.mjs";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BUNDLED_SPEC = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));
const PRISM_CLI = fileURLToPath(
  new URL("../../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url),
);
const WATCHDOG = fileURLToPath(new URL("./exit-with-parent.cjs", import.meta.url));

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

async function startOn(
  port,
  { spec = BUNDLED_SPEC, proxyTo, args = [], probePath = "/", onWait, echoLog = false, readyTimeoutInMs },
) {
  const command = proxyTo === undefined ? ["mock", spec] : ["proxy", spec, proxyTo, "--errors"];
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ["--require", WATCHDOG, PRISM_CLI, ...command, "-h", "127.0.0.1", "-p", String(port), ...args],
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
    if (echoLog) process.stderr.write(chunk);
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
      const exited = hasExited(child) ? Promise.resolve() : once(child, "exit").then(() => undefined);
      return { url, pid: child.pid, stop, exited };
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

/**
 * @typedef {object} StartPrismOptions
 * @property {string} [spec] The document to mock. Default BUNDLED_SPEC.
 * @property {string} [proxyTo] Run `prism proxy --errors` to this upstream instead of `prism mock`.
 * @property {string[]} [args] Extra CLI arguments after `mock <spec>`.
 * @property {string} [probePath] A path Prism serves, polled to detect readiness. Default "/".
 * @property {() => void} [onWait] Called on every unanswered poll (for progress dots).
 * @property {boolean} [echoLog] Also copy Prism's log to this process's stderr.
 * @property {number} [readyTimeoutInMs]
 *
 * @typedef {object} RunningPrism
 * @property {string} url
 * @property {number} pid
 * @property {() => Promise<void>} stop Stops the whole process group (SIGTERM, then SIGKILL). Idempotent.
 * @property {Promise<void>} exited Settles when Prism exits, whether stopped or on its own.
 */

/**
 * Starts `prism mock <spec>` and resolves once it answers, with its URL, pid and an idempotent stop().
 * @param {StartPrismOptions} [options]
 * @returns {Promise<RunningPrism>}
 */
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
