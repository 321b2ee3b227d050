import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One config at the root, several projects: `npx vitest run --project <name>` runs one kind of test.
// Where each kind lives is explained in the README's "Contributing" section.
const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  test: {
    root,
    reporters: ["default"],
    projects: [
      {
        test: {
          name: "unit",
          root,
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "reliability",
          root,
          include: ["test/reliability/**/*.test.ts"],
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
          include: ["test/docs/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "emulator",
          root,
          include: ["test/emulator/**/*.test.ts", "contract-tests/emulator/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          // Real redis-server processes (one, and a Cluster of three) and worker child processes.
          name: "redis",
          root,
          include: ["test/redis/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "bench",
          root,
          include: ["test/bench/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
