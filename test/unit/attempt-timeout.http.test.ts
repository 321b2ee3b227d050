import { createServer } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, it } from "vitest";
import { PartnerCenterClient } from "../../src/client.js";

// undici links a copied Request's signal to the original through a WeakRef: after a collection an
// abort may never reach the fetch. The attempt timeout must not depend on it.
setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

it("times out a hung attempt even after GC, through a transport that copies the Request", async () => {
  const server = createServer(() => {});
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const client = new PartnerCenterClient({
    credential: "secret-token-123",
    endpoint: `http://127.0.0.1:${port}/v1`,
    attemptTimeoutInMs: 300,
    retryOptions: { maxRetries: 0 },
    throttling: false,
    fetch: (request) => fetch(new Request(request, { headers: new Headers(request.headers) })),
  });
  const interval = setInterval(gc, 20);
  const started = Date.now();
  const outcome = await client.orders
    .get("4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04", "x")
    .catch((e: unknown) => e);
  clearInterval(interval);
  server.closeAllConnections();
  server.close();
  expect(outcome).toMatchObject({ code: "TIMEOUT" });
  expect(Date.now() - started).toBeLessThan(2000);
}, 10_000);
