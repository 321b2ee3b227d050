/**
 * One exercised cell: call the operation through the public client with a `Prefer` header, then check
 * the wire both ways (request accepted by Prism and ajv; response as asked for and valid under ajv) and
 * what the client returned or threw. Shared by the example-driven and the dynamic tests.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import {
  bodyOf,
  expectPartnerCenterError,
  expectRequestAccepted,
  expectRequestBodyMatchesSpec,
  expectResponseMatchesSpec,
} from "./assertions.js";
import { type CapturedExchange, createMockClient } from "./mock-client.js";
import { adapterFor, settle } from "./operations.js";
import type { ResponseCell } from "./spec.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface CellRun {
  cell: ResponseCell;
  /** The status to ask Prism for (for `default`: one the operation does not declare). */
  sent: number;
  prefer: string;
  /** The example Prism must serve, when one was asked for. */
  example?: { name: string; value: unknown };
}

export async function exerciseCell(run: CellRun): Promise<CapturedExchange> {
  const { cell, sent, example } = run;
  const adapter = adapterFor(cell.operationId);
  const chosenRequestId = adapter.requestIdPerPage ? undefined : randomUUID();
  const correlationId = randomUUID();
  const mock = createMockClient({ prefer: run.prefer });
  const settled = await settle(
    adapter.call({
      client: mock.client,
      options: { requestId: chosenRequestId, correlationId },
      exampleName: example?.name,
    }),
  );
  // A call that never reached the wire failed in the client or the transport: show that failure.
  if (mock.exchanges.length === 0 && !settled.ok) throw settled.error;
  const wire = mock.single();

  // What the client sent: valid for Prism and for ajv, carrying the ids the caller chose.
  expectRequestAccepted(wire);
  await expectRequestBodyMatchesSpec(cell.operationId, wire);
  const requestId = wire.requestHeaders.get("MS-RequestId") ?? "";
  expect(requestId).toMatch(UUID_V4);
  if (chosenRequestId !== undefined) expect(requestId).toBe(chosenRequestId);
  expect(wire.requestHeaders.get("MS-CorrelationId")).toBe(correlationId);

  // What came back: the status (and example) asked for, valid under ajv.
  expect(wire.status).toBe(sent);
  if (example !== undefined) {
    expect(wire.json ?? new TextDecoder().decode(wire.bytes)).toEqual(example.value);
    for (const [name, value] of Object.entries(cell.headerExamples)) {
      expect(wire.headers.get(name), `header ${name}`).toBe(String(value));
    }
  }
  expectResponseMatchesSpec(cell.operationId, cell.status, wire);

  // What the client made of it.
  if (sent < 300) {
    const expected = adapter.expected(bodyOf(wire), wire.bytes, wire.contentType);
    if ("value" in expected) {
      if (!settled.ok) throw settled.error;
      expect(settled.value).toEqual(expected.value);
    } else {
      expect(settled.ok, "the client should have refused this answer").toBe(false);
      expect(settled.ok ? undefined : (settled.error as { code?: unknown }).code).toBe(expected.rejectedWith);
    }
  } else {
    expect(settled.ok, "the call should have failed").toBe(false);
    const retryAfter = wire.headers.get("Retry-After");
    expectPartnerCenterError(settled.ok ? undefined : settled.error, {
      statusCode: sent,
      body: bodyOf(wire),
      requestId,
      correlationId,
      retryAfterInSeconds: retryAfter === null ? undefined : Number(retryAfter),
    });
  }
  return wire;
}
