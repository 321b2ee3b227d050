/**
 * The harness itself: without redis-server on the machine it fails with the install command (never a
 * skip), and the benchmark of the shared limit runs end to end on tiny counts (its figures are well
 * formed, nothing is lost, the Redis variants keep the window; how fast is not judged here).
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScratchPackage } from "../../scripts/bench/package-under-test.mjs";
import { runRedisThrottling } from "../../scripts/bench/redis-throttling.mjs";
import { evaluateTargets, renderReport } from "../../scripts/bench/report.mjs";

const harness = fileURLToPath(new URL("../../scripts/bench/redis-server.mjs", import.meta.url));

describe("redis-server harness", () => {
  it("fails with the install command when redis-server is not on the PATH", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { startRedis } from ${JSON.stringify(harness)};
         await startRedis().then(() => process.exit(0), (error) => { console.error(error.message); process.exit(3); });`,
      ],
      { env: { PATH: "/nonexistent" }, encoding: "utf8" },
    );
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("apt-get install -y redis-server");
  });
});

describe("shared-limit benchmark, smoke run", () => {
  let packageRoot = "";
  beforeAll(() => {
    packageRoot = buildScratchPackage();
  });
  afterAll(() => {
    if (packageRoot) rmSync(packageRoot, { recursive: true, force: true });
  });

  it("measures every variant and the store's cost; the Redis variants lose nothing and keep the window", async () => {
    const figure = await runRedisThrottling({
      packageRoot,
      tenants: 3,
      limit: 3,
      windowInMs: 600,
      windowsPerTenant: 2,
      concurrency: 4,
      rounds: 1,
      decisions: 50,
    });
    expect(figure.variants.map((v) => v.name)).toEqual([
      "1 process, in-process limiter",
      "1 process, Redis store",
      "4 processes, Redis store",
      "4 processes, in-process limiters",
    ]);
    for (const variant of figure.variants) {
      expect(variant.ofAllowed).toBeGreaterThan(0);
      expect(variant.ceiling).toBeGreaterThan(0);
      expect(Number.isInteger(variant.worstRound.responses429)).toBe(true);
      expect(variant.rounds).toBe(1);
      if (!variant.name.includes("in-process limiters")) {
        expect(variant.lost).toBe(0);
        expect(variant.mostInAnyWindow).toBeLessThanOrEqual(3);
      }
    }
    for (const row of [figure.decision.sequential, figure.decision.concurrent64]) {
      expect(row.inProcessInUs).toBeGreaterThan(0);
      expect(row.redisInUs).toBeGreaterThan(0);
    }
    const report = renderReport({ redisThrottling: figure });
    expect(report).toContain("## One budget shared through Redis");
    expect(evaluateTargets({ redisThrottling: figure }).map((c) => c.target)).toContain(
      "4 processes, Redis store: zero 429s and nothing lost (every round)",
    );
  });
});
