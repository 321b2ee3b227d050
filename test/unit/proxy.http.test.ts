/**
 * The default transport honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read when the client is built:
 * https goes through a CONNECT tunnel, http to the proxy in absolute form. A loopback proxy records
 * what it is asked.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { noProxyMatcher } from "../../src/pipeline/node-transport.js";
import { failureOf, testClient } from "../helpers/clients.js";
import { CUSTOMER_ID, json, order, serversPerTest } from "../helpers/loopback-server.js";

const serve = serversPerTest();
const ORDER_ID = "5cf72f146967";
const VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const closers: (() => void)[] = [];

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  for (const close of closers.splice(0)) close();
});

/** A forward proxy that answers plain requests itself and refuses every CONNECT with 403. */
async function startProxy() {
  const seen: { method: string; url: string; authorization: string | undefined }[] = [];
  const proxy = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    req.resume();
    json(res, 200, order());
  });
  proxy.on("connect", (req: IncomingMessage, socket) => {
    seen.push({ method: "CONNECT", url: req.url ?? "", authorization: undefined });
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  closers.push(() => {
    proxy.closeAllConnections();
    proxy.close();
  });
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, seen };
}

describe("proxies from the environment", () => {
  it("sends http through HTTP_PROXY in absolute form", async () => {
    const origin = await serve((_req, res) => json(res, 200, order()));
    const proxy = await startProxy();
    process.env.HTTP_PROXY = proxy.url;
    const { client } = testClient(origin.endpoint);
    await client.orders.get(CUSTOMER_ID, ORDER_ID);
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]?.url).toBe(`${origin.endpoint}/customers/${CUSTOMER_ID}/orders/${ORDER_ID}`);
    expect(origin.requests).toHaveLength(0);
  });

  it("goes direct for hosts in NO_PROXY", async () => {
    const origin = await serve((_req, res) => json(res, 200, order()));
    const proxy = await startProxy();
    process.env.http_proxy = proxy.url;
    process.env.no_proxy = "example.com, 127.0.0.1";
    const { client } = testClient(origin.endpoint);
    await client.orders.get(CUSTOMER_ID, ORDER_ID);
    expect(proxy.seen).toHaveLength(0);
    expect(origin.requests).toHaveLength(1);
  });

  it("tunnels https through HTTPS_PROXY with CONNECT, and a refused tunnel is a send error", async () => {
    const proxy = await startProxy();
    process.env.HTTPS_PROXY = proxy.url;
    const { client } = testClient("https://partner-center.invalid/v1", {
      retryOptions: { maxRetries: 0 },
      attemptTimeoutInMs: 5_000,
    });
    const error = await failureOf(client.orders.get(CUSTOMER_ID, ORDER_ID));
    expect(error.code).toBe("REQUEST_SEND_ERROR");
    expect(proxy.seen).toEqual([
      { method: "CONNECT", url: "partner-center.invalid:443", authorization: undefined },
    ]);
  });

  it("matches NO_PROXY entries by host, subdomain, port and *", () => {
    const bypass = noProxyMatcher(".corp.example, localhost:8080, [::1]");
    expect(bypass(new URL("https://api.corp.example/v1"))).toBe(true);
    expect(bypass(new URL("https://corp.example/v1"))).toBe(true);
    expect(bypass(new URL("http://localhost:8080/"))).toBe(true);
    expect(bypass(new URL("http://localhost:9090/"))).toBe(false);
    expect(bypass(new URL("http://[::1]:80/"))).toBe(true);
    expect(bypass(new URL("https://api.partnercenter.microsoft.com/v1"))).toBe(false);
    expect(noProxyMatcher("*")(new URL("https://anything.example"))).toBe(true);
  });
});
