/**
 * A loopback Partner Center stand-in for the benchmarks: real node:http, keep-alive, JSON bodies that are
 * serialised once and cached, so the server's own cost stays small and equal for every client variant.
 *
 *   GET /v1/customers/{c}/orders/{id}   one ~2 KB order
 *   GET /v1/customers/{c}/orders        page 1 of c's collection; `?page=n` for later pages
 *
 * Collections are configured per customer id ({ pageSize, pages }), so one server can answer lists of
 * several sizes; `anyCustomer` is a one-page collection served (one cached body) to every other id. An optional limiter
 * ({ limit, windowInMs, timeScale }) answers 429 + Retry-After per tenant. With `recordArrivals`, every
 * request of a tenant is logged as [tenant, epoch ms, status], so a test can check the window as the
 * server saw it.
 */
import { createServer } from "node:http";
import { CUSTOMER_ID, makeOrder, makeOrderCollection } from "./fixtures.mjs";
import { SlidingWindowCounter } from "./sliding-window.mjs";

const ROUTE = /^\/v1\/customers\/([^/]+)\/orders(?:\/([^/]+))?$/;

/**
 * @param {{ collections?: Record<string, { pageSize: number, pages: number }>, anyCustomer?: number,
 *           throttle?: { limit: number, windowInMs: number, timeScale?: number } }} options
 */
export function startOrderServer(options = {}) {
  const collections = options.collections ?? { [CUSTOMER_ID]: { pageSize: 100, pages: 1 } };
  const limiter = options.throttle ? new SlidingWindowCounter(options.throttle) : undefined;
  const orderBodies = new Map();
  const pageBodies = new Map();
  const stats = { requests: 0, ok: 0, throttled: 0, notFound: 0 };
  const arrivals = options.recordArrivals ? [] : undefined;

  const orderBody = (customerId) => cached(orderBodies, customerId, () => makeOrder(0, customerId));
  const pageBody = (customerId, page) => {
    const { pageSize, pages } = collections[customerId];
    const nextUri = page < pages ? `/customers/${customerId}/orders?page=${page + 1}` : undefined;
    const firstIndex = (page - 1) * pageSize;
    return cached(pageBodies, `${customerId}/${page}`, () =>
      makeOrderCollection(pageSize, { customerId, firstIndex, nextUri }),
    );
  };

  const server = createServer((request, response) => {
    stats.requests++;
    const url = new URL(request.url ?? "/", "http://localhost");
    const match = ROUTE.exec(url.pathname);
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "ms-requestid": request.headers["ms-requestid"] ?? "",
      "ms-correlationid": request.headers["ms-correlationid"] ?? "",
    };
    // Drain the request before answering so keep-alive sockets stay reusable.
    request.resume();
    if (!match || request.method !== "GET") return send(response, 404, headers, notFound());
    const customerId = match[1].toLowerCase();
    const arrivedAt = performance.now();
    if (limiter) {
      const wait = limiter.tryTake(customerId, arrivedAt);
      arrivals?.push([customerId, performance.timeOrigin + arrivedAt, wait > 0 ? 429 : 200]);
      if (wait > 0) {
        stats.throttled++;
        // Retry-After in the service's time: with time scaled down, a 60 s window lasting 1 s real.
        const seconds = Math.max(1, Math.ceil((wait * (options.throttle.timeScale ?? 1)) / 1000));
        const body = JSON.stringify({
          statusCode: 429,
          message: `Rate limit is exceeded. Try again in ${seconds} seconds.`,
        });
        return send(response, 429, { ...headers, "retry-after": String(seconds) }, Buffer.from(body));
      }
    }
    let body;
    if (match[2] !== undefined) body = orderBody(customerId);
    else if (!collections[customerId] && options.anyCustomer !== undefined) {
      body = cached(pageBodies, "*", () => makeOrderCollection(options.anyCustomer));
    } else if (collections[customerId]) {
      const page = Number(url.searchParams.get("page") ?? "1");
      if (Number.isInteger(page) && page >= 1 && page <= collections[customerId].pages) {
        body = pageBody(customerId, page);
      }
    }
    if (!body) {
      stats.notFound++;
      return send(response, 404, headers, notFound());
    }
    stats.ok++;
    send(response, 200, headers, body);
  });
  server.keepAliveTimeout = 60_000;

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        port,
        endpoint: `http://127.0.0.1:${port}/v1`,
        stats: () => ({ ...stats, ...(arrivals ? { arrivals } : {}) }),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function cached(map, key, build) {
  let body = map.get(key);
  if (!body) {
    body = Buffer.from(JSON.stringify(build()));
    map.set(key, body);
  }
  return body;
}

function send(response, status, headers, body) {
  response.writeHead(status, { ...headers, "content-length": body.byteLength });
  response.end(body);
}

function notFound() {
  return Buffer.from(JSON.stringify({ code: 600020, description: "Not found", errorName: "NotFound" }));
}
