import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One config at the root, one project per kind of test (where each lives: the README's "Contributing").
// `npx vitest run --project <name>` runs one kind; a bare `npx vitest run` runs them all, one group at a
// time in the order `npm test` does (groupOrder), so Prism, Redis, Chromium and the timing-sensitive
// fault tests never compete for the machine's cores.
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
          sequence: { groupOrder: 1 },
          include: ["test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "reliability",
          root,
          sequence: { groupOrder: 2 },
          include: ["test/reliability/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "spec",
          root,
          sequence: { groupOrder: 0 },
          include: ["contract-tests/spec/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "contract",
          root,
          sequence: { groupOrder: 3 },
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
          sequence: { groupOrder: 7 },
          include: ["test/docs/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "cli",
          root,
          sequence: { groupOrder: 6 },
          include: ["test/cli/**/*.test.ts"],
          globalSetup: ["test/cli/global-setup.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "emulator",
          root,
          sequence: { groupOrder: 5 },
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
          sequence: { groupOrder: 4 },
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
          sequence: { groupOrder: 8 },
          include: ["test/bench/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
