/**
 * Smoke run of every benchmark with tiny counts, so the scripts cannot rot. It checks the results are
 * well formed (finite positive figures, every variant present, nothing lost) and never how fast
 * anything is: timings on a shared machine are not test material.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGrowth } from "../../scripts/bench/growth.mjs";
import { buildScratchPackage, loadPackage } from "../../scripts/bench/package-under-test.mjs";
import { runPerCall } from "../../scripts/bench/per-call.mjs";
import { evaluateTargets, renderReport } from "../../scripts/bench/report.mjs";
import { runStartup } from "../../scripts/bench/startup.mjs";
import { runThrottling } from "../../scripts/bench/throttling.mjs";

let packageRoot = "";
let loaded: Awaited<ReturnType<typeof loadPackage>>;
const results: Record<string, unknown> = {};

beforeAll(async () => {
  packageRoot = buildScratchPackage();
  loaded = await loadPackage(packageRoot);
}, 120_000);

afterAll(() => {
  if (packageRoot) rmSync(packageRoot, { recursive: true, force: true });
});

function expectPositive(value: unknown, what: string): void {
  expect(typeof value, what).toBe("number");
  expect(Number.isFinite(value as number) && (value as number) > 0, `${what} = ${value}`).toBe(true);
}

describe("benchmark smoke run", () => {
  it("per call: every variant measured in every scenario, no failed request", async () => {
    const perCall = await runPerCall({
      ...loaded,
      rounds: 2,
      calls: { get: 3, list: 2 },
      concurrencies: [1, 4],
    });
    results.perCall = perCall;
    expect(perCall.scenarios.map((s) => s.name)).toEqual([
      "get order, concurrency 1",
      "get order, concurrency 4",
      "list 100 orders, concurrency 1",
      "list 100 orders, concurrency 4",
    ]);
    for (const scenario of perCall.scenarios) {
      expect(Object.keys(scenario.perCallInUs).sort()).toEqual(
        [
          "JSON.parse",
          "azure core-rest-pipeline",
          "client",
          "client+validation",
          "fetch",
          "openapi-fetch",
          "validator alone",
        ].sort(),
      );
      for (const [name, us] of Object.entries(scenario.perCallInUs))
        expectPositive(us, `${scenario.name} ${name}`);
      expectPositive(scenario.ratios["client / openapi-fetch"], "client / openapi-fetch");
      expect(Number.isFinite(scenario.ratios["validation overhead / JSON.parse"])).toBe(true);
      expect(scenario.rounds).toBe(2);
    }
    // Every request the variants made was answered 200 (a variant throws on anything else, too).
    expect(perCall.server.requests).toBeGreaterThan(0);
    expect(perCall.server.ok).toBe(perCall.server.requests);
  });

  it("throttling: the matched limiter loses nothing; both variants report", async () => {
    const throttling = await runThrottling({
      pkg: loaded.pkg,
      tenants: 2,
      limit: 3,
      windowInMs: 300,
      windowsPerTenant: 2,
      concurrency: 4,
      rounds: 1,
    });
    results.throttling = throttling;
    expect(throttling.settings.requests).toBe(12);
    expect(throttling.limiterOn.lost).toBe(0);
    for (const variant of [throttling.limiterOn, throttling.limiterOff]) {
      expectPositive(variant.elapsedInMs, "elapsed");
      expectPositive(variant.okPerSecond, "ok/s");
      expectPositive(variant.ofAllowed, "of allowed");
      expect(Number.isInteger(variant.responses429)).toBe(true);
    }
  });

  it("start-up: import times, tarball size and dependency count", async () => {
    const startup = await runStartup({ packageRoot, rounds: 1 });
    results.startup = startup;
    expect(Object.keys(startup.coldImportInMs).sort()).toEqual(
      ["openapi-fetch", "openapi-fetch by name", "package", "package/validation + first client"].sort(),
    );
    for (const [name, ms] of Object.entries(startup.coldImportInMs)) expectPositive(ms, name);
    expectPositive(startup.packed.tarballBytes, "tarball bytes");
    expect(startup.dependencies.names).toContain("openapi-fetch");
    expect(startup.dependencies.transitiveWithValidation).toBeGreaterThan(startup.dependencies.transitive);
  });

  it("growth: every variant reads every list in full, figures are finite", async () => {
    const growth = await runGrowth({ packageRoot, sizes: [2, 20], pages: 3, pageSize: 4, rounds: 1 });
    results.growth = growth;
    expect(Object.keys(growth.variants)).toEqual(["openapi-fetch", "client", "client+validation"]);
    for (const { rows, linearity, paging } of Object.values(growth.variants)) {
      expect(rows.map((row) => row.list)).toEqual([
        "2 orders, 1 page",
        "20 orders, 1 page",
        "12 orders, 3 pages",
      ]);
      for (const row of rows) {
        expectPositive(row.timeInMs, `${row.list} ms`);
        expectPositive(row.peakRssMiB, `${row.list} peak RSS`);
      }
      expect(Number.isFinite(linearity.steps[0]?.timePerOrderInUs)).toBe(true);
      expect(paging).toBeUndefined(); // no one-page list of the same 12 orders to compare with
    }
  });

  it("report: one table row per figure, every target evaluated", () => {
    const report = renderReport(results);
    for (const name of [
      "client+validation",
      "limiter matched",
      "limiter off",
      "package / openapi-fetch",
      "20 orders, 1 page",
    ]) {
      expect(report).toContain(name);
    }
    const targets = evaluateTargets(results);
    expect(targets).toHaveLength(4 * 3 + 2);
    for (const target of targets) expect(typeof target.met).toBe("boolean");
  });
});
