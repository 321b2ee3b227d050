import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One config, several projects, so `vitest run --project <name>` can run a slice.
const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  test: {
    root,
    reporters: ["default"],
    projects: [
      {
        test: {
          name: "unit",
          root,
          include: ["src/**/*.test.ts"],
          exclude: ["src/__tests__/reliability/**"],
        },
      },
      {
        test: {
          name: "reliability",
          root,
          include: ["src/__tests__/reliability/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "spec",
          root,
          include: ["contract-tests/spec/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "contract",
          root,
          include: ["contract-tests/mock/**/*.test.ts", "contract-tests/live/**/*.test.ts"],
          globalSetup: ["contract-tests/harness/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "docs",
          root,
          include: ["contract-tests/docs/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "bench",
          root,
          include: ["scripts/bench/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
