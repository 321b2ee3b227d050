// close() ends every connection, frees the port and leaves no timer, socket or server behind.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/testing/index.js";
import { CUSTOMER, clientOf, LICENCE, newOrderBody, send } from "./helpers.js";

/** Resource kinds that keep a process alive, counted. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === "TTYWrap" || kind === "FSReqCallback") continue;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Kinds with more live handles now than before. */
function added(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(now).filter(([kind, count]) => count > (before[kind] ?? 0)));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("close()", () => {
  it("leaves no handles behind, even with a keep-alive connection and an answer held back", async () => {
    await settle();
    const before = handles();
    const emulator = await startEmulator({
      faults: [{ kind: "slow", operations: ["listOrders"], delayInMs: 60_000 }],
    });
    const client = clientOf(emulator);
    await client.orders.create(CUSTOMER, { lineItems: [LICENCE] }); // leaves a keep-alive socket open
    const held = send(emulator, "GET", `/customers/${CUSTOMER}/orders`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Object.keys(added(handles(), before))).toContain("TCPServerWrap");
    await emulator.close();
    expect(await held).toBeInstanceOf(Error); // the held answer was cut, not left hanging
    await settle();
    expect(added(handles(), before)).toEqual({});
  });

  it("frees the port for the next server", async () => {
    const emulator = await startEmulator();
    await send(emulator, "POST", `/customers/${CUSTOMER}/orders`, { body: newOrderBody() });
    await emulator.close();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(emulator.port, "127.0.0.1", () => resolve());
    });
    expect(server.listening).toBe(true);
    await new Promise((resolve) => server.close(resolve));
  });

  it("starts on the port asked for, and says where", async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const emulator = await startEmulator({ port });
    expect(emulator.url).toBe(`http://127.0.0.1:${port}`);
    await emulator.close();
  });

  it("rejects when the port is taken, and leaves nothing listening", async () => {
    const first = await startEmulator();
    await expect(startEmulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });

  it("refuses options out of range before listening", async () => {
    await expect(startEmulator({ timeScale: 0 })).rejects.toThrow(TypeError);
    await expect(startEmulator({ requestsPerMinute: -1 })).rejects.toThrow(/requestsPerMinute/);
    await expect(startEmulator({ faults: [{ kind: "nope" as never }] })).rejects.toThrow(/fault kind/);
  });
});
