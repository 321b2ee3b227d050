/**
 * Scenarios that run in a child process (bundled by aborts.test.ts) to prove the client leaves
 * nothing behind: each one aborts or times out a call whose configured wait is long (30 to 60 s),
 * closes the fault server, prints one JSON line and then simply returns. If any timer or socket of
 * the client stays referenced, the process does not exit and the parent sees it run past its bound.
 * The child's entry point is exit-child.ts.
 */
import { PartnerCenterClient } from "../../src/index.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";
import { always, only, perAttempt } from "./scenarios.js";

export const EXIT_SCENARIOS = [
  "abort-while-queued-in-limiter",
  "abort-during-retry-after-wait",
  "abort-during-request",
  "call-timeout-during-request",
  "success-then-idle",
] as const;
export type ExitScenario = (typeof EXIT_SCENARIOS)[number];

const TOKEN = "child-token-0123456789";
const CUSTOMER = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
const ORDER = { lineItems: [{ offerId: "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", quantity: 1 }] };

export async function runExitScenario(name: ExitScenario): Promise<Record<string, unknown>> {
  const server = await startFaultServer({ slowDelayInMs: 30_000, retryAfterSeconds: 30 });
  try {
    return await scenario(name, server);
  } finally {
    await server.close();
  }
}

async function scenario(name: ExitScenario, server: FaultServer): Promise<Record<string, unknown>> {
  const client = (throttling: false | { requestsPerMinute: number } = false) =>
    new PartnerCenterClient({ credential: TOKEN, endpoint: server.endpoint, throttling });
  const settle = async (promise: Promise<unknown>) => {
    const started = performance.now();
    try {
      await promise;
      return { outcome: "resolved", ms: performance.now() - started };
    } catch (error) {
      return { outcome: (error as Error)?.name ?? "unknown", ms: performance.now() - started };
    }
  };
  /** Aborts 100 ms after the server has seen `requests` requests, so the abort hits the intended phase. */
  const abortOnceSeen = (requests: number) => {
    const controller = new AbortController();
    void server.whenRequests(requests).then(() => setTimeout(() => controller.abort(), 100));
    return controller.signal;
  };

  switch (name) {
    case "abort-while-queued-in-limiter": {
      const limited = client({ requestsPerMinute: 1 });
      await limited.orders.create(CUSTOMER, ORDER);
      // The second call waits about 60 s for a slot; abort it 100 ms after the first was served.
      return {
        ...(await settle(limited.orders.create(CUSTOMER, ORDER, { abortSignal: abortOnceSeen(1) }))),
        requests: server.requests.length,
      };
    }
    case "abort-during-retry-after-wait": {
      server.setFaults(only("POST", /orders$/, perAttempt(["throttle-429-seconds"])));
      return {
        ...(await settle(client().orders.create(CUSTOMER, ORDER, { abortSignal: abortOnceSeen(1) }))),
        requests: server.requests.length,
      };
    }
    case "abort-during-request": {
      server.setFaults(always("slow-after-commit"));
      return {
        ...(await settle(client().orders.create(CUSTOMER, ORDER, { abortSignal: abortOnceSeen(1) }))),
        requests: server.requests.length,
      };
    }
    case "call-timeout-during-request": {
      server.setFaults(always("slow-after-commit"));
      // Warm the connection first so the 500 ms budget is spent waiting for the slow answer.
      const timed = client();
      server.setFaults(() => "none");
      await timed.orders.create(CUSTOMER, ORDER);
      server.setFaults(always("slow-after-commit"));
      return {
        ...(await settle(timed.orders.create(CUSTOMER, ORDER, { timeoutInMs: 500 }))),
        requests: server.requests.length,
      };
    }
    case "success-then-idle": {
      return {
        ...(await settle(client({ requestsPerMinute: 500 }).orders.create(CUSTOMER, ORDER))),
        requests: server.requests.length,
      };
    }
  }
}
