// A loopback port the OS considers free right now. Another process may take it before the caller binds
// it, so callers that start a server on it retry on EADDRINUSE.
import { once } from "node:events";
import { createServer } from "node:net";

/** @returns {Promise<number>} */
export async function freePort() {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 0;
  probe.close();
  await once(probe, "close");
  return port;
}
