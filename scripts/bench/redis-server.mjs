/**
 * Real redis-server processes for the tests and benchmarks: one server, or a Cluster of three, each on a free
 * loopback port with persistence off, started as a child and stopped by its pid. No redis-server on
 * the machine is a failure with the command that installs it, never a skip.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../lib/free-port.mjs";

/**
 * @typedef {object} RedisProcess
 * @property {number} port
 * @property {string} url
 * @property {number} pid
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 2 s; resolves once the process has exited.
 * @property {() => void} freeze SIGSTOP: connected, but no answers, like a network split.
 * @property {() => void} thaw SIGCONT.
 */

/**
 * @typedef {object} RedisCluster
 * @property {RedisProcess[]} nodes
 * @property {() => Promise<void>} stop
 */

export const INSTALL_HINT = "redis-server is not installed; install it with: apt-get install -y redis-server";

export function requireRedisServer() {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL_HINT);
}

/**
 * Starts redis-server on a free loopback port and waits for it to answer PING.
 * @param {string[]} [extraArgs]
 * @param {string} [directory]
 * @returns {Promise<RedisProcess>}
 */
export async function startRedis(extraArgs = [], directory = undefined) {
  requireRedisServer();
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  args.push("--daemonize", "no", ...(directory ? ["--dir", directory] : []), ...extraArgs);
  const child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk.toString();
  });
  const exited = new Promise((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForPong(port, child);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw new Error(`redis-server on port ${port} did not answer PING: ${String(error)} ${stderr}`);
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => stopProcess(child, exited),
    freeze: () => process.kill(child.pid, "SIGSTOP"),
    thaw: () => process.kill(child.pid, "SIGCONT"),
  };
}

/** Three masters, no replicas, slots spread by redis-cli; resolves once every node reports cluster_state:ok. */
/** @returns {Promise<RedisCluster>} */
export async function startCluster() {
  const directory = mkdtempSync(join(tmpdir(), "pco-redis-cluster-"));
  /** @type {RedisProcess[]} */
  const nodes = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      nodes.push(
        await startRedis(
          [
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            join(directory, `nodes-${i}.conf`),
            "--cluster-node-timeout",
            "2000",
          ],
          directory,
        ),
      );
    }
    const create = spawnSync(
      "redis-cli",
      [
        "--cluster",
        "create",
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        "--cluster-replicas",
        "0",
        "--cluster-yes",
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    if (create.error)
      throw new Error("redis-cli is not installed; install it with: apt-get install -y redis-tools");
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    const deadline = Date.now() + 20_000;
    for (const node of nodes) {
      while (!(await command(node.port, "CLUSTER INFO")).includes("cluster_state:ok")) {
        if (Date.now() > deadline) throw new Error("the cluster did not reach cluster_state:ok");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One inline command over a fresh connection; resolves with the raw reply. */
/**
 * @param {number} port
 * @param {string} line
 * @returns {Promise<string>}
 */
export function command(port, line, timeoutInMs = 2_000) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply to ${line} within ${timeoutInMs} ms`));
    }, timeoutInMs);
    socket.on("connect", () => socket.write(`${line}\r\n`));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (isComplete(reply)) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Enough for PING, CLUSTER INFO (a bulk string) and integer replies. */
function isComplete(reply) {
  if (reply.startsWith("$")) {
    const header = reply.indexOf("\r\n");
    if (header < 0) return false;
    const length = Number(reply.slice(1, header));
    return length < 0 || Buffer.byteLength(reply) >= header + 2 + length + 2;
  }
  return reply.endsWith("\r\n");
}

async function waitForPong(port, child) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      if ((await command(port, "PING", 500)).startsWith("+PONG")) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopProcess(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, "SIGCONT"); // a frozen server cannot act on SIGTERM
    process.kill(child.pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const killer = setTimeout(() => child.kill("SIGKILL"), 2_000);
  await exited;
  clearTimeout(killer);
}
