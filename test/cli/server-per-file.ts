/** One order server per test file, its faults switched off again after each test. */
import { afterAll, afterEach, beforeAll } from "vitest";
import { TOKEN } from "./harness.js";
import { type OrderServer, type OrderServerOptions, startOrderServer } from "./order-server.mjs";

export function orderServerPerFile(options: OrderServerOptions = {}): () => OrderServer {
  let server: OrderServer | undefined;
  beforeAll(async () => {
    server = await startOrderServer({ token: TOKEN, ...options });
  });
  afterEach(() => {
    if (!server) return;
    server.faults.dropCreateAnswers = false;
    server.faults.stallCreateAnswers = false;
    server.faults.stallProvisioning = false;
    server.faults.holdProvisioning = false;
    server.faults.echoAuthorization = false;
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error("the order server has not started");
    return server;
  };
}

/** The environment of a signed-in user of this server. */
export function signedIn(server: OrderServer, extra: Record<string, string | undefined> = {}) {
  return { PARTNER_CENTER_TOKEN: TOKEN, PARTNER_CENTER_ENDPOINT: server.endpoint, ...extra };
}
