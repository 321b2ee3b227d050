/**
 * Prism's generated responses (`Prefer: dynamic=true`): random bodies built from the schemas, which
 * find what hand-picked examples miss. Each must validate under ajv and go through the client. The
 * success response gets SAMPLES draws per operation, every other declared response a few.
 */
import { afterAll, describe, it } from "vitest";
import { exerciseCell } from "../harness/cell.js";
import { createCoverageRecorder } from "../harness/coverage.js";
import { operations, responseCells, statusesServedByDefault, successStatus } from "../harness/spec.js";

const SAMPLES = 25;
const ERROR_SAMPLES = 3;

const coverage = createCoverageRecorder(import.meta.url);
afterAll(() => coverage.flush());

for (const { operationId } of operations) {
  describe.concurrent(`${operationId} (dynamic)`, () => {
    for (const cell of responseCells(operationId)) {
      const isSuccess = cell.status === successStatus(operationId);
      const sent = cell.status === "default" ? statusesServedByDefault(operationId) : [Number(cell.status)];
      for (const status of sent) {
        const draws = isSuccess ? SAMPLES : ERROR_SAMPLES;
        for (let draw = 1; draw <= draws; draw++) {
          const label = cell.status === "default" ? `default (served as ${status})` : cell.status;
          it(`${label}, generated body ${draw}/${draws}`, async () => {
            await exerciseCell({ cell, sent: status, prefer: `code=${status}, dynamic=true` });
            coverage.record({ operationId, status: cell.status, via: "dynamic", sentStatus: status });
          });
        }
      }
    }
  });
}
