/**
 * Figure 5: aborts and timeouts end a call promptly in every phase (on the wire, in a Retry-After
 * wait, in a back-off wait, queued in the rate limiter), and afterwards nothing keeps the process
 * alive, checked both in this process and in child processes that must exit on their own.
 *
 * Timing assertions compare with the scenario's configured wait (30 to 60 s) and allow a tenth of
 * it, so a loaded runner does not make them flaky, while a call that waits out the delay fails.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isPartnerCenterError, type PartnerCenterClientOptions } from "../../src/index.js";
import { rateLimiterOf } from "../../src/internal.js";
import { EXIT_SCENARIOS, type ExitScenario } from "./exit-scenarios.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";
import type { FaultKind } from "./faults.js";
import { type Figure, recordFigure } from "./figures.js";
import { createTestClient, customerId, purchase, settle, within } from "./harness.js";
import { always, only, perAttempt } from "./scenarios.js";

/** Every configured wait in this file; a prompt abort settles in a small fraction of it. */
const LONG_WAIT_IN_MS = 30_000;
const PROMPT_IN_MS = LONG_WAIT_IN_MS / 10;
const CHILD_EXIT_BOUND_IN_MS = 10_000;
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHILD_BUNDLE = `${ROOT}build/reliability-child/exit-child.mjs`;

const rows: Figure["rows"] = {};

describe("figure 5: aborts and timeouts settle promptly", () => {
  let server: FaultServer;
  const baseline = activeHandles();

  beforeAll(async () => {
    server = await startFaultServer({
      slowDelayInMs: LONG_WAIT_IN_MS,
      retryAfterSeconds: LONG_WAIT_IN_MS / 1000,
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Starts `call`, aborts it 100 ms after the server saw its first request, and measures from the abort. */
  async function abortOnTheWire(
    kind: FaultKind,
    options: Partial<PartnerCenterClientOptions>,
    reason?: unknown,
  ): Promise<{ error: unknown; sinceAbortMs: number; requests: number }> {
    server.reset();
    server.setFaults(only("POST", /orders$/, perAttempt([kind])));
    const { client } = createTestClient(server, { attemptTimeoutInMs: 5 * LONG_WAIT_IN_MS, ...options });
    const controller = new AbortController();
    const call = settle(
      client.orders.create(customerId(), purchase("abort"), { abortSignal: controller.signal }),
    );
    await within(PROMPT_IN_MS * 3, server.whenRequests(1), "the first request");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = performance.now();
    controller.abort(reason);
    const outcome = await within(LONG_WAIT_IN_MS, call, "the aborted call");
    const sinceAbortMs = performance.now() - abortedAt;
    // Nothing more may be sent after the abort, not even the retry the wait was for.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { error: outcome.ok ? undefined : outcome.error, sinceAbortMs, requests: server.requests.length };
  }

  test("abort while the answer is on its way", async () => {
    const { error, sinceAbortMs, requests } = await abortOnTheWire("slow-after-commit", {});
    expect((error as Error)?.name).toBe("AbortError");
    expect(sinceAbortMs).toBeLessThan(PROMPT_IN_MS);
    expect(requests).toBe(1);
    rows["abort during the request: settled after abort (ms)"] = Math.round(sinceAbortMs);
  });

  // Changed: the reason used to be the rejection itself; it is now the cause of an AbortError that
  // carries the requestId, so the purchase can be replayed with it.
  test("abort with a reason rejects with an AbortError whose cause is that very reason", async () => {
    const reason = new Error("the buyer closed the page");
    const { error, sinceAbortMs } = await abortOnTheWire("slow-after-commit", {}, reason);
    expect(error).toMatchObject({ name: "AbortError", code: "ABORTED" });
    expect((error as Error).cause).toBe(reason);
    expect((error as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sinceAbortMs).toBeLessThan(PROMPT_IN_MS);
  });

  test("abort during a Retry-After wait (429, Retry-After 30 s)", async () => {
    const { error, sinceAbortMs, requests } = await abortOnTheWire("throttle-429-seconds", {});
    expect((error as Error)?.name).toBe("AbortError");
    expect(sinceAbortMs).toBeLessThan(PROMPT_IN_MS);
    expect(requests).toBe(1);
    rows["abort during a Retry-After wait: settled after abort (ms)"] = Math.round(sinceAbortMs);
  });

  test("abort during an exponential back-off wait (502, 30 s back-off)", async () => {
    const { error, sinceAbortMs, requests } = await abortOnTheWire("gateway-html-502", {
      retryOptions: {
        maxRetries: 3,
        retryDelayInMs: 2 * LONG_WAIT_IN_MS,
        maxRetryDelayInMs: 2 * LONG_WAIT_IN_MS,
      },
    });
    expect((error as Error)?.name).toBe("AbortError");
    expect(sinceAbortMs).toBeLessThan(PROMPT_IN_MS);
    expect(requests).toBe(1);
    rows["abort during a back-off wait: settled after abort (ms)"] = Math.round(sinceAbortMs);
  });

  test("abort while queued in the rate limiter (1 per minute)", async () => {
    server.reset();
    server.setFaults(always("none"));
    const { client } = createTestClient(server, { throttling: { requestsPerMinute: 1 } });
    const cid = customerId();
    await client.orders.create(cid, purchase("first"));
    const controller = new AbortController();
    const queued = settle(client.orders.create(cid, purchase("queued"), { abortSignal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rateLimiterOf(client)?.queuedFor(cid)).toBe(1);
    const abortedAt = performance.now();
    controller.abort();
    const outcome = await within(LONG_WAIT_IN_MS, queued, "the queued call");
    const sinceAbortMs = performance.now() - abortedAt;
    expect(outcome.ok ? undefined : (outcome.error as Error).name).toBe("AbortError");
    expect(sinceAbortMs).toBeLessThan(PROMPT_IN_MS);
    expect(server.requests.length).toBe(1);
    expect(rateLimiterOf(client)?.queuedFor(cid)).toBe(0);
    rows["abort while queued in the limiter: settled after abort (ms)"] = Math.round(sinceAbortMs);
  });

  test("timeoutInMs bounds the whole call and the error carries the requestId", async () => {
    server.reset();
    server.setFaults(only("POST", /orders$/, always("slow-after-commit")));
    const { client } = createTestClient(server, { attemptTimeoutInMs: 5 * LONG_WAIT_IN_MS });
    const requestId = crypto.randomUUID();
    const outcome = await within(
      LONG_WAIT_IN_MS,
      settle(client.orders.create(customerId(), purchase("budget"), { timeoutInMs: 500, requestId })),
      "the call with a budget",
    );
    const error = outcome.ok ? undefined : outcome.error;
    expect(isPartnerCenterError(error) && error.code).toBe("TIMEOUT");
    expect(isPartnerCenterError(error) && error.requestId).toBe(requestId);
    expect(outcome.ms).toBeLessThan(PROMPT_IN_MS);
    rows["timeoutInMs 500 during a 30 s answer: settled after (ms)"] = Math.round(outcome.ms);
  });

  test("the per-attempt timeout ends each attempt and retries with the same requestId", async () => {
    server.reset();
    server.setFaults(only("POST", /orders$/, always("slow-after-commit")));
    const { client } = createTestClient(server, {
      attemptTimeoutInMs: 300,
      retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
    });
    const outcome = await within(
      LONG_WAIT_IN_MS,
      settle(client.orders.create(customerId(), purchase("attempts"))),
      "the call",
    );
    const error = outcome.ok ? undefined : outcome.error;
    expect(isPartnerCenterError(error) && error.code).toBe("TIMEOUT");
    expect(outcome.ms).toBeLessThan(PROMPT_IN_MS);
    expect(server.requests.map((request) => request.requestId)).toEqual([
      isPartnerCenterError(error) ? error.requestId : "?",
      isPartnerCenterError(error) ? error.requestId : "?",
    ]);
    rows["attemptTimeoutInMs 300 x 2 attempts: settled after (ms)"] = Math.round(outcome.ms);
  });

  test("an already aborted signal sends nothing", async () => {
    server.reset();
    const { client } = createTestClient(server);
    const outcome = await settle(
      client.orders.create(customerId(), purchase("never"), { abortSignal: AbortSignal.abort() }),
    );
    expect(outcome.ok ? undefined : (outcome.error as Error).name).toBe("AbortError");
    expect(server.requests.length).toBe(0);
  });

  test("after closing the server, no timer or socket of the client is left in this process", async () => {
    await server.close();
    // Sockets close asynchronously; give them a moment, then compare with the count before the tests.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = activeHandles();
    const extra = Object.fromEntries(
      Object.entries(now)
        .map(([type, count]) => [type, count - (baseline[type] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    );
    rows["in-process: handles left after the tests"] = JSON.stringify(extra);
    expect(extra).toEqual({});
  });
});

describe("figure 5: child processes exit on their own after aborts and timeouts", () => {
  const results = new Map<ExitScenario, ChildResult>();

  beforeAll(async () => {
    await bundleChild();
    const runs = await Promise.all(EXIT_SCENARIOS.map((scenario) => runChild(scenario)));
    EXIT_SCENARIOS.forEach((scenario, index) => {
      const result = runs[index];
      if (result) results.set(scenario, result);
    });
  }, 60_000);

  afterAll(() => {
    for (const [scenario, result] of results) {
      rows[`child ${scenario}: exited after (ms)`] = result.exited
        ? Math.round(result.wallMs)
        : `still running at ${CHILD_EXIT_BOUND_IN_MS}`;
    }
    recordFigure({
      id: "5-aborts",
      title: `aborts and timeouts (configured waits ${LONG_WAIT_IN_MS / 1000}-60 s; prompt means under ${PROMPT_IN_MS} ms)`,
      rows,
    });
  });

  test.each(EXIT_SCENARIOS.map((scenario) => [scenario]))("%s: the child exits on its own", (scenario) => {
    const result = results.get(scenario);
    expect(result?.report, `child said: ${result?.stdout} ${result?.stderr}`).toBeDefined();
    expect(result?.report?.crashed).toBeUndefined();
    expect(
      result?.exited,
      `the child of ${scenario} was still running after ${CHILD_EXIT_BOUND_IN_MS} ms`,
    ).toBe(true);
    expect(result?.code).toBe(0);
    const expected =
      scenario === "success-then-idle"
        ? "resolved"
        : scenario.startsWith("abort")
          ? "AbortError"
          : "PartnerCenterError";
    expect(result?.report?.outcome).toBe(expected);
  });
});

interface ChildResult {
  exited: boolean;
  code: number | null;
  wallMs: number;
  stdout: string;
  stderr: string;
  report: Record<string, unknown> | undefined;
}

/** Bundles exit-child.ts into one ESM file (rolldown, a pinned dev dependency) so plain node can run it. */
async function bundleChild(): Promise<void> {
  const { build } = await import("rolldown");
  await build({
    input: fileURLToPath(new URL("./exit-child.ts", import.meta.url)),
    platform: "node",
    external: [/^node:/, "openapi-fetch"],
    logLevel: "warn",
    // One file: the client loads its Response classes with a dynamic import.
    output: { file: CHILD_BUNDLE, format: "esm", inlineDynamicImports: true },
  });
}

function runChild(scenario: ExitScenario): Promise<ChildResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CHILD_BUNDLE, scenario], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let exited = false;
    const bound = setTimeout(() => child.kill("SIGKILL"), CHILD_EXIT_BOUND_IN_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(bound);
      exited = signal === null;
      const line = stdout.trim().split("\n").at(-1) ?? "";
      let report: Record<string, unknown> | undefined;
      try {
        report = JSON.parse(line) as Record<string, unknown>;
      } catch {
        report = undefined;
      }
      resolve({ exited, code, wallMs: performance.now() - started, stdout, stderr, report });
    });
  });
}

/** Counts of the resources keeping the event loop alive, by type. */
function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
