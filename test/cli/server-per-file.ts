/** Servers for the command line to talk to, one per test file. */
import { afterAll, afterEach, beforeAll } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/testing/index.js";
import { TOKEN } from "./harness.js";
import { type OrderServer, type OrderServerOptions, startOrderServer } from "./order-server.mjs";

export function orderServerPerFile(options: OrderServerOptions = {}): () => OrderServer {
  let server: OrderServer | undefined;
  beforeAll(async () => {
    server = await startOrderServer({ token: TOKEN, ...options });
  });
  afterEach(() => {
    if (!server) return;
    server.faults.stallCreateAnswers = false;
    server.faults.garbleCreateAnswers = false;
    server.faults.stallProvisioning = false;
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

/**
 * One emulator of the package (partner-center-orders/testing) per test file, its faults cleared after
 * each test. Provisioning takes a minute of service time unless a test moves the clock on.
 */
export function emulatorPerFile(options: EmulatorOptions = {}): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ provisioningDelayInMs: 60_000, onViolation: () => {}, ...options });
  });
  afterEach(() => emulator?.clearFaults());
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error("the emulator has not started");
    return emulator;
  };
}

/** The environment of a user pointed at the emulator. */
export function signedInToEmulator(emulator: Emulator, extra: Record<string, string | undefined> = {}) {
  return { PARTNER_CENTER_TOKEN: TOKEN, PARTNER_CENTER_ENDPOINT: `${emulator.url}/v1`, ...extra };
}
