/**
 * Figure 4: the access token never shows up in an error (message, stack, JSON.stringify,
 * util.inspect, cause) or in the logger's output, whatever went wrong, for every kind of credential,
 * including answers that echo the token back.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isPartnerCenterError, type PartnerCenterCredential } from "../../src/index.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";
import { FAULT_KINDS, type FaultKind } from "./faults.js";
import { recordFigure } from "./figures.js";
import {
  createTestClient,
  customerId,
  fastClock,
  type LogCapture,
  pool,
  purchase,
  SECRET_TOKEN,
  settle,
} from "./harness.js";

type Operation = "create" | "get";
type CredentialKind = "string" | "function" | "TokenCredential";

interface Case {
  kind: FaultKind;
  operation: Operation;
  credential: CredentialKind;
  error: unknown;
  /** Where the token was found, by view name. */
  leaks: string[];
}

const CREDENTIALS: Record<CredentialKind, (now: () => number) => PartnerCenterCredential> = {
  string: () => SECRET_TOKEN,
  function: () => () => SECRET_TOKEN,
  TokenCredential: (now) => ({
    getToken: async () => ({ token: SECRET_TOKEN, expiresOnTimestamp: now() + 10 * 3_600_000 }),
  }),
};

describe("figure 4: the token never leaks", () => {
  let server: FaultServer;
  const cases: Case[] = [];
  const logs: LogCapture[] = [];

  beforeAll(async () => {
    const clock = fastClock(100);
    server = await startFaultServer({
      slowDelayInMs: 1_000,
      hugeBodyBytes: 1024 * 1024,
      now: () => clock.now(),
    });
    const armed = new Map<string, { kind: FaultKind; operation: Operation }>();
    server.setFaults((request) => {
      const target = armed.get(/\/customers\/([^/?]+)/.exec(request.url)?.[1] ?? "");
      if (!target) return "none";
      const isCreate = request.method === "POST";
      return (target.operation === "create") === isCreate ? target.kind : "none";
    });

    const tasks = (Object.keys(CREDENTIALS) as CredentialKind[]).flatMap((credential) =>
      FAULT_KINDS.flatMap((kind) =>
        (["create", "get"] as const).map((operation) => async () => {
          const { client, log } = createTestClient(server, {
            credential: CREDENTIALS[credential](() => clock.now()),
            clock,
            attemptTimeoutInMs: 500,
            retryOptions: {
              maxRetries: 1,
              retryDelayInMs: 2,
              maxRetryDelayInMs: 10,
              maxElapsedInMs: 600_000,
            },
          });
          logs.push(log);
          const cid = customerId();
          const order = await client.orders.create(cid, purchase(`${credential}/${kind}/${operation}`));
          armed.set(cid, { kind, operation });
          const outcome = await settle(
            operation === "create"
              ? client.orders.create(cid, purchase(`${credential}/${kind}/again`))
              : client.orders.get(cid, order.id),
          );
          const error = outcome.ok ? undefined : outcome.error;
          cases.push({
            kind,
            operation,
            credential,
            error,
            leaks: error === undefined ? [] : leaksIn(error),
          });
        }),
      ),
    );
    await pool(10, tasks);
    await server.idle();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  test("the token really was on the wire (so finding it would be possible)", () => {
    const signed = server.requests.filter(
      (request) => request.headers.authorization === `Bearer ${SECRET_TOKEN}`,
    );
    expect(signed.length).toBe(server.requests.length);
    expect(server.requests.length).toBeGreaterThan(0);
    // And the echoing faults did send it back to the client.
    expect(cases.filter((c) => c.kind.startsWith("echo-auth")).length).toBe(3 * 3 * 2);
  });

  test("no error carries the token in any view", () => {
    const errors = cases.filter((c) => c.error !== undefined);
    expect(errors.length).toBeGreaterThan(cases.length / 2);
    for (const c of errors) expect(isPartnerCenterError(c.error), `${c.operation}/${c.kind}`).toBe(true);
    const leaky = errors
      .filter((c) => c.leaks.length > 0)
      .map((c) => `${c.credential} ${c.operation}/${c.kind}: ${c.leaks.join(", ")}`);
    expect(leaky).toEqual([]);
  });

  test("the logger never received the token", () => {
    const logged = logs.map((log) => log.text()).join("\n");
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(SECRET_TOKEN);

    const errors = cases.filter((c) => c.error !== undefined);
    recordFigure({
      id: "4-secrets",
      title: "the token in errors and logs (string, function and TokenCredential credentials)",
      rows: {
        "scenarios (fault kinds x operations x credentials)": cases.length,
        "errors examined": errors.length,
        "views per error": VIEWS.length,
        "errors with the token in any view": errors.filter((c) => c.leaks.length > 0).length,
        "scenarios where the server echoed the token": cases.filter((c) => c.kind.startsWith("echo-auth"))
          .length,
        "log lines examined": logs.reduce((sum, log) => sum + log.lines.length, 0),
        "log lines with the token": logs
          .flatMap((log) => log.lines)
          .filter((line) => JSON.stringify(line).includes(SECRET_TOKEN)).length,
      },
      details: {
        leaks: errors.filter((c) => c.leaks.length > 0).map((c) => ({ ...c, error: String(c.error) })),
      },
    });
  });
});

/** The ways an error gets turned into text by callers, loggers and crash reporters. */
const VIEWS: readonly [string, (error: Error) => string][] = [
  ["message", (e) => e.message],
  ["stack", (e) => e.stack ?? ""],
  ["String()", (e) => String(e)],
  ["JSON.stringify", (e) => JSON.stringify(e) ?? ""],
  ["util.inspect", (e) => inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true })],
  ["cause (util.inspect)", (e) => inspect(e.cause, { depth: 8, showHidden: true })],
  [
    "own properties",
    (e) =>
      Object.getOwnPropertyNames(e)
        .map((name) => stringOf((e as unknown as Record<string, unknown>)[name]))
        .join("\n"),
  ],
  [
    "util.inspect without custom inspect",
    (e) => inspect(e, { depth: 8, showHidden: true, customInspect: false }),
  ],
];

function leaksIn(error: unknown): string[] {
  if (!(error instanceof Error)) return String(error).includes(SECRET_TOKEN) ? ["String()"] : [];
  return VIEWS.filter(([, view]) => view(error).includes(SECRET_TOKEN)).map(([name]) => name);
}

function stringOf(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? inspect(value, { depth: 8 });
  } catch {
    return inspect(value, { depth: 8 });
  }
}
