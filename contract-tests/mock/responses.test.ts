/**
 * Every declared response of every operation, with every named example, served by Prism
 * (`Prefer: code=<status>, example=<name>`) and consumed through the public client. `default` is asked
 * for with statuses the operation does not declare, which Prism (like OpenAPI) answers with `default`.
 */
import { afterAll, describe, expect, it } from "vitest";
import { exerciseCell } from "../harness/cell.js";
import { createCoverageRecorder } from "../harness/coverage.js";
import { operations, type ResponseCell, responseCells, statusesServedByDefault } from "../harness/spec.js";

const coverage = createCoverageRecorder(import.meta.url);
afterAll(() => coverage.flush());

function sentStatuses(cell: ResponseCell): number[] {
  return cell.status === "default" ? statusesServedByDefault(cell.operationId) : [Number(cell.status)];
}

for (const { operationId } of operations) {
  describe.concurrent(operationId, () => {
    for (const cell of responseCells(operationId)) {
      it(`declares named examples for ${cell.status}`, () => {
        expect(cell.examples.map((e) => e.name)).not.toEqual([]);
      });

      for (const example of cell.examples) {
        for (const sent of sentStatuses(cell)) {
          const label = cell.status === "default" ? `default (served as ${sent})` : cell.status;
          it(`${label}, example ${example.name}`, async () => {
            await exerciseCell({ cell, sent, example, prefer: `code=${sent}, example=${example.name}` });
            coverage.record({
              operationId,
              status: cell.status,
              via: `example:${example.name}`,
              sentStatus: sent,
            });
          });
        }
      }
    }
  });
}
