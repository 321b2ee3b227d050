// generated/ is derived from openapi/ and must match it byte for byte.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);

describe("generated/", () => {
  it("is in sync with openapi/ (scripts/generate.mjs --check)", () => {
    const run = spawnSync(process.execPath, ["scripts/generate.mjs", "--check"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);

  it("types every operation of the bundled spec", () => {
    const spec = JSON.parse(readFileSync(new URL("generated/openapi.json", root), "utf8"));
    const types = readFileSync(new URL("generated/schema.d.ts", root), "utf8");
    const ids = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      (item) =>
        Object.values(item).flatMap((op) =>
          typeof op === "object" && op?.operationId ? [op.operationId] : [],
        ),
    );
    expect(ids).toHaveLength(11);
    for (const id of ids) expect(types).toMatch(new RegExp(`\\n    ${id}: \\{`));
  });
});
