/**
 * Figure 3: every bad input of the table is refused with the right built-in error class and a
 * message naming the problem, and the server sees no request at all.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PartnerCenterClient, PartnerCenterClientOptions } from "../../src/index.js";
import { BAD_INPUTS, type BadInput } from "./bad-inputs.js";
import { type FaultServer, startFaultServer } from "./fault-server.js";
import { recordFigure } from "./figures.js";
import { createTestClient, customerId, SECRET_TOKEN, settle } from "./harness.js";

interface RowResult {
  row: BadInput;
  refused: boolean;
  requestsSent: number;
}

describe("figure 3: bad inputs are refused before sending", () => {
  let server: FaultServer;
  let client: PartnerCenterClient;
  const results: RowResult[] = [];

  beforeAll(async () => {
    server = await startFaultServer();
    client = createTestClient(server).client;
  });

  afterAll(async () => {
    await server.close();
    const groups = new Map<string, number>();
    for (const { row } of results) groups.set(row.group, (groups.get(row.group) ?? 0) + 1);
    recordFigure({
      id: "3-bad-inputs",
      title: "bad inputs refused client-side with TypeError/RangeError, nothing sent",
      rows: {
        "bad inputs tried": results.length,
        "refused with the expected class and message": results.filter((r) => r.refused).length,
        "TypeError rows": results.filter((r) => r.row.expected === TypeError).length,
        "RangeError rows": results.filter((r) => r.row.expected === RangeError).length,
        "requests the server saw": results.reduce((sum, r) => sum + r.requestsSent, 0),
        ...Object.fromEntries([...groups].map(([group, count]) => [`rows: ${group}`, count])),
      },
    });
  });

  test("the table is large enough to mean something", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_INPUTS.map((row) => row.name)).size).toBe(BAD_INPUTS.length);
  });

  test.each(BAD_INPUTS.map((row) => [`${row.group}: ${row.name}`, row] as const))(
    "%s",
    async (_label, row) => {
      const seenBefore = server.requests.length;
      const makeClient = (options: Partial<PartnerCenterClientOptions> | Record<string, unknown>) =>
        createTestClient(server, options as Partial<PartnerCenterClientOptions>).client;
      // Synchronous throws and rejections both count as refusals; a value does not.
      const outcome = await settle(
        Promise.resolve().then(() => row.run({ client, makeClient, customerId: customerId() })),
      );
      const requestsSent = server.requests.length - seenBefore;
      const result: RowResult = { row, refused: false, requestsSent };
      results.push(result);

      expect(outcome.ok, "the input was accepted").toBe(false);
      const error = outcome.ok ? undefined : outcome.error;
      expect(error).toBeInstanceOf(row.expected);
      // Exactly the class: a TypeError, not a subclass such as PartnerCenterError (unless that is expected).
      expect(Object.getPrototypeOf(error)).toBe(row.expected.prototype);
      expect((error as Error).message).toContain(row.message);
      expect((error as Error).message).not.toContain(SECRET_TOKEN);
      expect(requestsSent, "requests reached the server").toBe(0);
      result.refused = true;
    },
  );
});
