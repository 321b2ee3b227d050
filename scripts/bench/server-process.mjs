/**
 * Runs the order server in its own process, so its CPU time is not billed to the client under test
 * (the machine has two cores: one for the client, one for the server). `spawnServer` is the parent
 * side; run as a script, this file is the child side and talks over the IPC channel.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startOrderServer } from "./order-server.mjs";

const self = fileURLToPath(import.meta.url);

/** Starts a server process; resolves once it listens. */
export function spawnServer(options = {}) {
  const child = fork(self, ["--child", JSON.stringify(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const replies = [];
  child.on("message", (message) => replies.shift()?.(message));
  const ask = (message) =>
    new Promise((resolve) => {
      replies.push(resolve);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`benchmark server exited early (${code})`)));
    replies.push(({ endpoint, port }) =>
      resolve({
        endpoint,
        port,
        /** Counters since start: requests, ok, throttled, notFound. */
        stats: () => ask({ type: "stats" }),
        close: () =>
          new Promise((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.send({ type: "close" });
          }),
      }),
    );
  });
}

if (process.argv[2] === "--child") {
  const server = await startOrderServer(JSON.parse(process.argv[3] ?? "{}"));
  process.on("message", async (message) => {
    if (message.type === "stats") process.send(server.stats());
    if (message.type === "close") {
      await server.close();
      process.disconnect();
    }
  });
  process.send({ endpoint: server.endpoint, port: server.port });
}
