#!/usr/bin/env node
// Runs the unit vitest project under other Node majors (`node scripts/unit-on-node.mjs 22 24`), each
// fetched on demand as the npm registry's `node` package. Fails if any run fails or no major is given.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const majors = process.argv.slice(2);
if (majors.length === 0 || majors.some((major) => !/^\d+$/.test(major))) {
  console.error("usage: node scripts/unit-on-node.mjs <major> [<major>...]   e.g. 22 24");
  process.exit(2);
}

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const vitest = ["node_modules/vitest/vitest.mjs", "run", "--config", "vitest.config.ts", "--project", "unit"];
const results = [];
for (const major of majors) {
  console.log(`\n▶ unit tests on Node ${major}`);
  const run = spawnSync(npx, ["-y", "-p", `node@${major}`, "node", ...vitest], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NO_UPDATE_NOTIFIER: "1", npm_config_update_notifier: "false" },
  });
  results.push({ major, ok: run.status === 0 });
}
for (const { major, ok } of results) console.log(`${ok ? "✓" : "✗"} Node ${major}`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
