/**
 * Which (operation, status, example | dynamic) cells the contract tests exercised. Each test file keeps
 * its records in memory and writes them once, atomically, to its own part file (workers never share a
 * file); the global teardown merges the parts into build/contract-coverage.json for
 * scripts/contract-coverage.mjs.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

export const BUILD_DIR = fileURLToPath(new URL("../../build", import.meta.url));
export const COVERAGE_FILE = join(BUILD_DIR, "contract-coverage.json");
const PARTS_ROOT = join(BUILD_DIR, "contract-coverage.parts");

export interface CoverageRecord {
  operationId: string;
  /** The declared response key: "200", "404", "default", ... */
  status: string;
  /** `example:<name>`, `dynamic` (Prism's generator), `live` or `request-violation`. */
  via: string;
  /** The status Prism or the server actually sent (differs from `status` only for `default`). */
  sentStatus: number;
  testFile: string;
}

export interface CoverageFile {
  generatedAt: string;
  records: CoverageRecord[];
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

export interface CoverageRecorder {
  record(record: Omit<CoverageRecord, "testFile">): void;
  /** Writes this file's records; call from afterAll. */
  flush(): void;
}

/** Each run writes its parts under its own id, so two runs in one checkout cannot mix or delete each other's. */
function partsDir(runId: string): string {
  if (!/^[\w-]+$/.test(runId)) throw new Error(`bad coverage run id ${runId}`);
  return join(PARTS_ROOT, runId);
}

export function createCoverageRecorder(
  testFileUrl: string,
  runId = inject("coverageRunId"),
): CoverageRecorder {
  const testFile = basename(fileURLToPath(testFileUrl));
  const records: CoverageRecord[] = [];
  return {
    record: (record) => records.push({ ...record, testFile }),
    flush() {
      if (records.length === 0) return;
      const directory = partsDir(runId);
      mkdirSync(directory, { recursive: true });
      const part = join(directory, `${testFile}.${process.pid}.${Date.now()}.json`);
      writeAtomically(part, JSON.stringify(records));
    },
  };
}

/** Starts a run: forgets the last result, so a crashed or partial run never reports stale cells as covered. */
export function startCoverageRun(): string {
  rmSync(COVERAGE_FILE, { force: true });
  return `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Merges this run's part files into COVERAGE_FILE and removes them. */
export function mergeCoverage(runId: string): CoverageFile {
  const directory = partsDir(runId);
  let parts: string[] = [];
  try {
    parts = readdirSync(directory).filter((name) => name.endsWith(".json"));
  } catch {
    // No test wrote coverage.
  }
  const records = parts.flatMap(
    (name) => JSON.parse(readFileSync(join(directory, name), "utf8")) as CoverageRecord[],
  );
  const merged: CoverageFile = { generatedAt: new Date().toISOString(), records };
  mkdirSync(BUILD_DIR, { recursive: true });
  writeAtomically(COVERAGE_FILE, `${JSON.stringify(merged, null, 2)}\n`);
  rmSync(directory, { recursive: true, force: true });
  return merged;
}
