/**
 * Prism's generated responses (`Prefer: dynamic=true`): random bodies built from the schemas, which
 * find what hand-picked examples miss. Each must validate under ajv and go through the client. The
 * success response gets SAMPLES draws per operation, every other declared response a few.
 */
import { afterAll, describe, expect, it } from "vitest";
import { exerciseCell } from "../harness/cell.js";
import { createCoverageRecorder } from "../harness/coverage.js";
import { createMockClient } from "../harness/mock-client.js";
import { allItems, ids, settle } from "../harness/operations.js";
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

/**
 * Ids the service hands out are path segments of later calls (`orders.get(customer, order.id)`). A
 * generated id the client cannot put in a path means the spec lets the service send an id it could
 * never be asked about. One test per id, over SAMPLES generated bodies, listing every unusable id.
 */
describe.concurrent("ids in generated bodies address their resources", () => {
  async function unusable(ids: string[], use: (id: string) => Promise<unknown>): Promise<string[]> {
    const failures: string[] = [];
    for (const id of ids) {
      const settled = await settle(use(id));
      if (!settled.ok) failures.push(`${JSON.stringify(id)}: ${String(settled.error)}`);
    }
    return failures;
  }

  it(`Order.id (getOrder, ${SAMPLES} bodies) works as {orderId} in orders.get`, async () => {
    const orderIds = await Promise.all(
      Array.from({ length: SAMPLES }, async () => {
        const generated = createMockClient({ prefer: "code=200, dynamic=true" });
        return (await generated.client.orders.get(ids.customerId, ids.orderId)).id;
      }),
    );
    const client = createMockClient().client;
    const failures = await unusable(orderIds, (id) => client.orders.get(ids.customerId, id));
    expect(failures, failures.slice(0, 5).join("\n")).toEqual([]);
  });

  it(`OrderAttachment.attachmentId (listOrderAttachments, ${SAMPLES} bodies) works as {attachmentId}`, async () => {
    const attachmentIds = (
      await Promise.all(
        Array.from({ length: SAMPLES }, async () => {
          const generated = createMockClient({ prefer: "code=200, dynamic=true" });
          await settle(allItems(generated.client.orders.listAttachments(ids.customerId, ids.orderId)));
          const body = generated.exchanges[0]?.json as { items?: { attachmentId?: string }[] } | undefined;
          return (body?.items ?? []).flatMap((item) =>
            item.attachmentId === undefined ? [] : [item.attachmentId],
          );
        }),
      )
    ).flat();
    expect(attachmentIds.length).toBeGreaterThan(0);
    const client = createMockClient().client;
    const failures = await unusable(attachmentIds, (id) =>
      client.orders.downloadAttachment(ids.customerId, ids.orderId, id),
    );
    expect(failures, failures.slice(0, 5).join("\n")).toEqual([]);
  });
});
