/**
 * Where the figures go. Each test file records its own figure as a part file; the combined
 * build/reliability-figures.json is rebuilt from all parts under a lock, because vitest runs the
 * files in parallel workers. Each file also prints its figure as a small table.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BUILD = fileURLToPath(new URL("../../build/", import.meta.url));
const PARTS = `${BUILD}reliability-figures.d/`;
const COMBINED = `${BUILD}reliability-figures.json`;
const LOCK = `${BUILD}reliability-figures.lock`;

export type FigureValue = string | number | boolean | null;

export interface Figure {
  /** e.g. "1-idempotency". */
  id: string;
  title: string;
  /** Label → value, in display order. */
  rows: Record<string, FigureValue>;
  /** Anything else worth keeping (per-kind counts, per-tenant spreads...). */
  details?: unknown;
}

export function recordFigure(figure: Figure): void {
  mkdirSync(PARTS, { recursive: true });
  const part = { ...figure, recordedAt: new Date().toISOString(), node: process.version };
  writeFileSync(`${PARTS}${figure.id}.json`, `${JSON.stringify(part, null, 2)}\n`);
  withLock(() => {
    const figures = readdirSync(PARTS)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => JSON.parse(readFileSync(`${PARTS}${name}`, "utf8")) as unknown);
    const tmp = `${COMBINED}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ generatedAt: new Date().toISOString(), figures }, null, 2)}\n`);
    renameSync(tmp, COMBINED);
  });
  console.log(formatTable(figure));
}

export function formatTable(figure: Figure): string {
  const entries = Object.entries(figure.rows);
  const width = Math.max(...entries.map(([label]) => label.length), 10);
  const lines = entries.map(([label, value]) => `  ${label.padEnd(width)}  ${String(value)}`);
  return [`Figure ${figure.id}: ${figure.title}`, ...lines].join("\n");
}

/** A mkdir lock: atomic on every file system; stale after 10 s in case a worker died holding it. */
function withLock(task: () => void): void {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    task();
  } finally {
    try {
      rmdirSync(LOCK);
    } catch {
      // already gone
    }
  }
}
