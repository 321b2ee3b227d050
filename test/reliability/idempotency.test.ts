/**
 * Figure 1: 1,000 purchases through a seeded mix of transport faults. No purchase may be committed
 * twice; every call returns its order or throws a PartnerCenterError carrying its requestId; and
 * calling create again with that requestId returns the committed order or places it, so after one
 * recovery pass there is exactly one order per purchase.
 *
 * Replay a failing schedule with RELIABILITY_SEED=<seed>.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isPartnerCenterError, type Order, type PartnerCenterClient } from "../../src/index.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";
import { type FaultKind, TRANSPORT_FAULTS } from "./faults.js";
import { recordFigure } from "./figures.js";
import {
  createTestClient,
  customerId,
  duplicatesOf,
  fastClock,
  pool,
  purchase,
  purchaseKeyOf,
  type Settled,
  settle,
  within,
} from "./harness.js";
import { always, CREATE_PATH, creates, only, randomMix } from "./scenarios.js";

const PURCHASES = 1_000;
const CUSTOMERS = 10;
const CONCURRENCY = 20;
/** Per-attempt timeout, real milliseconds: far above loopback latency on a loaded 2-CPU runner. */
const ATTEMPT_TIMEOUT_IN_MS = 750;
const FAULT_RATE = 0.45;
const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
/** Transport faults plus the two "committed, but the answer is unusable" bodies. */
const MIX: readonly FaultKind[] = [...TRANSPORT_FAULTS, "invalid-json-after-commit", "empty-after-commit"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Purchase {
  key: string;
  customerId: string;
  first: Settled<Order>;
  recovery?: Settled<Order>;
}

describe("figure 1: no duplicate and no lost order under transport faults", () => {
  let server: FaultServer;
  let client: PartnerCenterClient;
  const purchases: Purchase[] = [];
  let firstPassMs = 0;

  beforeAll(async () => {
    // Time runs 100x fast for waits (Retry-After 1 s becomes 10 ms); attempt timeouts stay real.
    const clock = fastClock(100);
    server = await startFaultServer({
      faults: only("POST", CREATE_PATH, randomMix(SEED, FAULT_RATE, MIX)),
      slowDelayInMs: 2 * ATTEMPT_TIMEOUT_IN_MS,
      retryAfterSeconds: 1,
      now: () => clock.now(),
    });
    client = createTestClient(server, { clock, attemptTimeoutInMs: ATTEMPT_TIMEOUT_IN_MS }).client;

    const customers = Array.from({ length: CUSTOMERS }, customerId);
    const started = performance.now();
    const outcomes = await within(
      50_000,
      pool(
        CONCURRENCY,
        Array.from({ length: PURCHASES }, (_, index) => {
          const key = `purchase-${index}`;
          const cid = customers[index % CUSTOMERS] ?? customers[0] ?? "";
          return async (): Promise<Purchase> => ({
            key,
            customerId: cid,
            first: await settle(client.orders.create(cid, purchase(key))),
          });
        }),
      ),
      "the first pass",
    );
    firstPassMs = performance.now() - started;
    purchases.push(...outcomes);
    // Slow commits may still land after their call gave up; count orders only once they have.
    await server.idle();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  test("the fault mix actually bit: failures, retries and commits without an answer all happened", () => {
    const attempts = creates(server.requests);
    const kinds = new Set(attempts.map((request) => request.fault));
    for (const kind of MIX) expect(kinds, `fault ${kind} never happened`).toContain(kind);
    expect(attempts.length).toBeGreaterThan(PURCHASES * 1.3);
    expect(purchases.filter((p) => !p.first.ok).length).toBeGreaterThan(0);
    expect(
      purchases.filter(
        (p) => !p.first.ok && server.orders.some((o) => o.order.lineItems[0]?.friendlyName === p.key),
      ).length,
    ).toBeGreaterThan(0);
  });

  test("first pass: zero duplicate orders on the server", () => {
    const duplicates = duplicatesOf(server.orders.map((stored) => purchaseKeyOf(stored.order)));
    expect(duplicates).toEqual({ keys: 0, surplus: 0 });
  });

  test("one MS-RequestId per purchase, reused on every attempt, never shared", () => {
    const idsByKey = requestIdsByPurchase(server);
    const offenders = [...idsByKey].filter(
      ([, ids]) => ids.size !== 1 || ![...ids].every((id) => GUID.test(id)),
    );
    expect(offenders.map(([key, ids]) => `${key}: ${[...ids].join(", ")}`)).toEqual([]);
    const allIds = [...idsByKey.values()].flatMap((ids) => [...ids]);
    expect(new Set(allIds).size).toBe(allIds.length);
    expect(idsByKey.size).toBeGreaterThan(0);
  });

  test("every call returned its own order or threw a typed error carrying its requestId", () => {
    const idsByKey = requestIdsByPurchase(server);
    const keysByOrderId = new Map<string, string[]>();
    for (const stored of server.orders) {
      keysByOrderId.set(stored.order.id, [
        ...(keysByOrderId.get(stored.order.id) ?? []),
        purchaseKeyOf(stored.order) ?? "?",
      ]);
    }
    for (const p of purchases) {
      if (p.first.ok) {
        expect(purchaseKeyOf(p.first.value)).toBe(p.key);
        expect(keysByOrderId.get(p.first.value.id)).toEqual([p.key]);
        continue;
      }
      const error = p.first.error;
      expect(isPartnerCenterError(error), `purchase ${p.key} threw ${String(error)}`).toBe(true);
      if (!isPartnerCenterError(error)) continue;
      expect(error.requestId).toMatch(GUID);
      // An attempt can time out before it reaches the server; if any did reach it, the ids agree.
      const sent = idsByKey.get(p.key);
      if (sent) expect([...sent]).toEqual([error.requestId]);
    }
  });

  test("recovery: create again with the error's requestId returns the committed order or places it", async () => {
    server.setFaults(always("none"));
    const failed = purchases.filter((p) => !p.first.ok);
    const committedBefore = new Map(
      failed.map((p) => [
        p.key,
        server.orders.find((stored) => purchaseKeyOf(stored.order) === p.key)?.order.id,
      ]),
    );
    await within(
      30_000,
      pool(
        CONCURRENCY,
        failed.map((p) => async () => {
          const error = p.first.ok ? undefined : p.first.error;
          const requestId = isPartnerCenterError(error) ? error.requestId : undefined;
          p.recovery = await settle(client.orders.create(p.customerId, purchase(p.key), { requestId }));
        }),
      ),
      "the recovery pass",
    );

    let replayed = 0;
    let placed = 0;
    for (const p of failed) {
      expect(p.recovery?.ok, `recovery of ${p.key} failed`).toBe(true);
      if (!p.recovery?.ok) continue;
      const before = committedBefore.get(p.key);
      if (before !== undefined) {
        expect(p.recovery.value.id).toBe(before);
        replayed++;
      } else {
        placed++;
      }
    }

    // The recovery reused the first pass's ids: still one id per purchase, now for every purchase.
    const idsByKey = requestIdsByPurchase(server);
    expect(idsByKey.size).toBe(PURCHASES);
    expect([...idsByKey.values()].filter((ids) => ids.size !== 1).length).toBe(0);

    // Exactly one order per purchase, none lost, and the caller holds the id the server holds.
    const keys = server.orders.map((stored) => purchaseKeyOf(stored.order));
    expect(duplicatesOf(keys)).toEqual({ keys: 0, surplus: 0 });
    expect(new Set(keys).size).toBe(PURCHASES);
    expect(server.orders.length).toBe(PURCHASES);
    for (const p of purchases) {
      const held = p.first.ok ? p.first.value : p.recovery?.ok ? p.recovery.value : undefined;
      expect(held?.id).toBe(server.orders.find((stored) => purchaseKeyOf(stored.order) === p.key)?.order.id);
    }

    const faultCounts: Record<string, number> = {};
    for (const request of creates(server.requests))
      faultCounts[request.fault] = (faultCounts[request.fault] ?? 0) + 1;
    const firstPassFailures = failed.length;
    const errorCodes: Record<string, number> = {};
    for (const p of failed) {
      const error = p.first.ok ? undefined : p.first.error;
      const code = isPartnerCenterError(error)
        ? `${error.statusCode} ${String(error.code ?? "")}`.trim()
        : "untyped";
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    }
    recordFigure({
      id: "1-idempotency",
      title: `${PURCHASES} orders.create calls under transport faults (seed ${SEED}, fault rate ${FAULT_RATE})`,
      rows: {
        "logical purchases": PURCHASES,
        "HTTP attempts (all passes)": creates(server.requests).length,
        "faults injected": creates(server.requests).filter((r) => r.fault !== "none").length,
        "first pass: returned the order": PURCHASES - firstPassFailures,
        "first pass: typed error with requestId": failed.filter((p) =>
          isPartnerCenterError(p.first.ok ? 0 : p.first.error),
        ).length,
        "  of which the order was committed anyway": replayed,
        "  error kinds (status code)": Object.entries(errorCodes)
          .map(([code, count]) => `${code}: ${count}`)
          .join(", "),
        "recovery: same requestId returned the committed order": replayed,
        "recovery: same requestId placed the order": placed,
        "duplicate orders on the server": duplicatesOf(keys).surplus,
        "orders lost": PURCHASES - new Set(keys).size,
        "orders on the server at the end": server.orders.length,
        "first pass wall time (ms)": Math.round(firstPassMs),
      },
      details: { seed: SEED, faultRate: FAULT_RATE, faultCounts, firstPassErrors: errorCodes },
    });
  });
});

/** purchase key → the MS-RequestIds its create attempts carried. */
function requestIdsByPurchase(server: FaultServer): Map<string, Set<string>> {
  const idsByKey = new Map<string, Set<string>>();
  for (const request of creates(server.requests)) {
    if (request.body === "") continue;
    const key = purchaseKeyOf(request.body);
    if (key === undefined) continue;
    const ids = idsByKey.get(key) ?? new Set<string>();
    ids.add(request.requestId ?? "(none)");
    idsByKey.set(key, ids);
  }
  return idsByKey;
}

describe("figure 1 detector self-check", () => {
  test("the duplicate count does see a purchase placed twice under two request ids", async () => {
    const server = await startFaultServer({ faults: only("POST", CREATE_PATH, always("drop-after-commit")) });
    try {
      const { client } = createTestClient(server, { retryOptions: { maxRetries: 0 } });
      const cid = customerId();
      // Two logical calls for one purchase (what a caller does without reusing requestId): two orders.
      await settle(client.orders.create(cid, purchase("twice")));
      await settle(client.orders.create(cid, purchase("twice")));
      expect(duplicatesOf(server.orders.map((stored) => purchaseKeyOf(stored.order)))).toEqual({
        keys: 1,
        surplus: 1,
      });
    } finally {
      await server.close();
    }
  });

  test("the same fault mix does double-buy when each attempt gets a fresh MS-RequestId", async () => {
    const clock = fastClock(100);
    const server = await startFaultServer({
      faults: only("POST", CREATE_PATH, randomMix(SEED, FAULT_RATE, MIX)),
      slowDelayInMs: 2 * ATTEMPT_TIMEOUT_IN_MS,
      now: () => clock.now(),
    });
    try {
      // A transport that breaks the idempotency contract the way a naive retry loop would.
      const freshIdPerAttempt = (request: Request) => {
        const headers = new Headers(request.headers);
        headers.set("MS-RequestId", crypto.randomUUID());
        return fetch(new Request(request, { headers }));
      };
      const { client } = createTestClient(server, {
        clock,
        attemptTimeoutInMs: ATTEMPT_TIMEOUT_IN_MS,
        fetch: freshIdPerAttempt,
      });
      const cid = customerId();
      await pool(
        CONCURRENCY,
        Array.from(
          { length: 100 },
          (_, index) => () => settle(client.orders.create(cid, purchase(`naive-${index}`))),
        ),
      );
      await server.idle();
      expect(
        duplicatesOf(server.orders.map((stored) => purchaseKeyOf(stored.order))).surplus,
      ).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
