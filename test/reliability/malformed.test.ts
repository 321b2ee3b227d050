/**
 * Figure 2: every malformed answer, on every JSON operation, ends in a PartnerCenterError or in a
 * safely parsed object: never a bare SyntaxError/RangeError, an unhandled rejection, a call that
 * does not settle, or a polluted prototype.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isPartnerCenterError, type PartnerCenterClient } from "../../src/index.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";
import { type FaultKind, MALFORMED_BODY_FAULTS } from "./faults.js";
import { recordFigure } from "./figures.js";
import { createTestClient, customerId, pool, purchase, type Settled, settle, within } from "./harness.js";

const ATTEMPT_TIMEOUT_IN_MS = 750;
/** Generous: the slowest case (a stalled body) costs one attempt timeout per attempt. */
const SETTLE_WITHIN_MS = 20_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Bodies that cannot be an order whatever a parser does: these must be errors. */
const MUST_FAIL: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "invalid-json-after-commit",
  "empty-after-commit",
  "html-200",
  "json-array-body",
  "json-null-body",
  "deeply-nested-json",
  "bad-gzip",
  "stalled-body",
  "truncated-after-commit",
  "gateway-html-502",
  "error-proto-keys",
]);

type Operation = "create" | "get" | "list" | "provisioningStatus";
const OPERATIONS: readonly Operation[] = ["create", "get", "list", "provisioningStatus"];
const PATHS: Record<Operation, { method: string; path: RegExp }> = {
  create: { method: "POST", path: /\/orders$/ },
  get: { method: "GET", path: /\/orders\/[^/]+$/ },
  list: { method: "GET", path: /\/orders(\?.*)?$/ },
  provisioningStatus: { method: "GET", path: /\/provisioningstatus$/ },
};

interface Case {
  kind: FaultKind;
  operation: Operation;
  outcome: Settled<unknown>;
}

describe("figure 2: malformed answers give a PartnerCenterError or parse safely", () => {
  let server: FaultServer;
  let client: PartnerCenterClient;
  const cases: Case[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const prototypeBefore = describePrototypes();

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    server = await startFaultServer({ slowDelayInMs: 5_000 });
    client = createTestClient(server, { attemptTimeoutInMs: ATTEMPT_TIMEOUT_IN_MS }).client;

    // One customer per case, and a healthy order made before its fault is armed, so the faults of
    // one case cannot touch another.
    const armed = new Map<string, { kind: FaultKind; operation: Operation }>();
    server.setFaults((request) => {
      const customer = /\/customers\/([^/?]+)/.exec(request.url)?.[1] ?? "";
      const target = armed.get(customer);
      if (!target) return "none";
      const { method, path } = PATHS[target.operation];
      return request.method === method && path.test(request.url) ? target.kind : "none";
    });
    const tasks = MALFORMED_BODY_FAULTS.flatMap((kind) =>
      OPERATIONS.map((operation) => async (): Promise<Case> => {
        const cid = customerId();
        const order = await client.orders.create(cid, purchase(`${kind}/${operation}`));
        armed.set(cid, { kind, operation });
        const call = run(client, operation, cid, order.id, kind);
        return {
          kind,
          operation,
          outcome: await settle(within(SETTLE_WITHIN_MS, call, `${operation} under ${kind}`)),
        };
      }),
    );
    cases.push(...(await pool(8, tasks)));
    // Give stray rejections a chance to surface before counting them.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }, 120_000);

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await server?.close();
  });

  test("every case settled within its bound", () => {
    const hung = cases.filter((c) => !c.outcome.ok && String(c.outcome.error).includes("did not settle"));
    expect(hung.map((c) => `${c.operation}/${c.kind}`)).toEqual([]);
    expect(cases.length).toBe(MALFORMED_BODY_FAULTS.length * OPERATIONS.length);
  });

  test("failures are PartnerCenterErrors carrying the request id; unusable bodies always fail", () => {
    for (const c of cases) {
      const label = `${c.operation}/${c.kind}`;
      if (MUST_FAIL.has(c.kind)) expect(c.outcome.ok, `${label} resolved`).toBe(false);
      if (c.outcome.ok) continue;
      const error = c.outcome.error;
      expect(isPartnerCenterError(error), `${label} threw ${String(error)}`).toBe(true);
      if (!isPartnerCenterError(error)) continue;
      expect(error.requestId, label).toMatch(GUID);
      expect(error.stack, label).toBeTypeOf("string");
      // A 20 MB body must not be copied into the error whole.
      expect(error.response?.bodyAsText.length ?? 0, label).toBeLessThanOrEqual(64 * 1024);
    }
  });

  test("the service's error code survives a poisoned error body", () => {
    const poisoned = cases.filter((c) => c.kind === "error-proto-keys");
    expect(poisoned.length).toBe(OPERATIONS.length);
    for (const c of poisoned) {
      const error = c.outcome.ok ? undefined : c.outcome.error;
      expect(isPartnerCenterError(error) && error.statusCode).toBe(400);
      expect(isPartnerCenterError(error) && error.code).toBe(800071);
      expect(hasDangerousKeys(isPartnerCenterError(error) ? error.details : undefined)).toEqual([]);
    }
  });

  test("parsed bodies are plain data without prototype keys", () => {
    const parsed = cases.filter((c) => c.outcome.ok);
    for (const c of parsed) {
      if (!c.outcome.ok) continue;
      expect(hasDangerousKeys(c.outcome.value), `${c.operation}/${c.kind}`).toEqual([]);
    }
    // The poisoned order parses (the keys are dropped): the case exists, so the check above ran.
    expect(parsed.some((c) => c.kind === "proto-keys")).toBe(true);
  });

  test("no prototype was polluted and no rejection went unhandled", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(describePrototypes()).toEqual(prototypeBefore);
    expect(unhandled.map(String)).toEqual([]);

    const byKind = Object.fromEntries(
      MALFORMED_BODY_FAULTS.map((kind) => {
        const mine = cases.filter((c) => c.kind === kind);
        const outcomes = mine.map((c) => (c.outcome.ok ? "parsed" : errorLabel(c.outcome.error)));
        return [kind, [...new Set(outcomes)].join(" | ")];
      }),
    );
    recordFigure({
      id: "2-malformed",
      title: "malformed answers on create/get/list/provisioningStatus",
      rows: {
        "cases (kinds x operations)": cases.length,
        PartnerCenterError: cases.filter((c) => !c.outcome.ok && isPartnerCenterError(c.outcome.error))
          .length,
        "parsed safely": cases.filter((c) => c.outcome.ok).length,
        "other errors (bare SyntaxError etc.)": cases.filter(
          (c) => !c.outcome.ok && !isPartnerCenterError(c.outcome.error),
        ).length,
        "unhandled rejections": unhandled.length,
        "slowest case (ms)": Math.round(Math.max(...cases.map((c) => c.outcome.ms))),
        "Object.prototype changed": JSON.stringify(describePrototypes()) !== JSON.stringify(prototypeBefore),
        ...byKind,
      },
    });
  });
});

function run(
  client: PartnerCenterClient,
  operation: Operation,
  cid: string,
  orderId: string,
  kind: string,
): Promise<unknown> {
  switch (operation) {
    case "create":
      return client.orders.create(cid, purchase(`${kind}/create-again`));
    case "get":
      return client.orders.get(cid, orderId);
    case "list":
      return (async () => {
        const items: unknown[] = [];
        for await (const order of client.orders.list(cid)) items.push(order);
        return { items };
      })();
    case "provisioningStatus":
      return client.orders.getProvisioningStatus(cid, orderId).then((items) => ({ items }));
  }
}

function errorLabel(error: unknown): string {
  if (!isPartnerCenterError(error)) return `untyped ${(error as Error)?.name ?? typeof error}`;
  return `${error.statusCode}${error.code === undefined ? "" : ` ${error.code}`}`;
}

/** Own keys that would pollute a prototype when merged, anywhere in the value; and foreign prototypes. */
function hasDangerousKeys(value: unknown, path = "$", found: string[] = [], depth = 0): string[] {
  if (typeof value !== "object" || value === null || depth > 50) return found;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null)
    found.push(`${path} has a foreign prototype`);
  for (const key of Object.keys(value)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") found.push(`${path}.${key}`);
    if (key === "padding") continue; // the 20 MB filler string
    hasDangerousKeys((value as Record<string, unknown>)[key], `${path}.${key}`, found, depth + 1);
  }
  return found;
}

/** Names and kinds of the own properties of the built-in prototypes. */
function describePrototypes(): Record<string, string[]> {
  const describe = (target: object) =>
    Object.getOwnPropertyNames(target)
      .sort()
      .map((name) => `${name}:${typeof Object.getOwnPropertyDescriptor(target, name)?.value}`);
  return {
    object: describe(Object.prototype),
    array: describe(Array.prototype),
    function: describe(Function.prototype),
  };
}
