// A small stateful Orders service on 127.0.0.1 for what the package's emulator does not do: it accepts
// one exact token (so tests see which token was sent), echoes the Authorization header back when asked
// (a hostile service), garbles answers, holds answers forever and notes when the client gave up on one. It is also the
// package check's server before the emulator's optional peers are installed. Orders are kept per
// customer; a repeated MS-RequestId on a create answers with the order it already placed.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

const ORDERS = /^\/v1\/customers\/([^/]+)\/orders$/;
const ORDER = /^\/v1\/customers\/([^/]+)\/orders\/([^/]+)$/;
const PROVISIONING = /^\/v1\/customers\/([^/]+)\/orders\/([^/]+)\/provisioningstatus$/;

/**
 * @typedef {object} OrderServerOptions
 * @property {string} [token] The bearer token accepted; anything else gets 401. Default "test-token".
 * @property {number} [provisionAfterPolls] Polls answered PrefulfillmentPending before lines are Fulfilled. Default 1.
 *
 * @typedef {object} ServerRequest
 * @property {string} method
 * @property {string} path
 * @property {string} query
 * @property {import("node:http").IncomingHttpHeaders} headers
 * @property {string} body
 * @property {boolean} aborted True when the client closed the connection before the server answered.
 * @property {import("node:net").Socket} socket
 *
 * @typedef {object} Faults
 * @property {boolean} stallCreateAnswers Creates are committed, then never answered.
 * @property {boolean} garbleCreateAnswers Creates are committed, then answered 201 with an HTML page.
 * @property {boolean} stallProvisioning Provisioning polls never get an answer.
 * @property {boolean} echoAuthorization Order reads fail with a body quoting the Authorization header.
 *
 * @typedef {object} OrderServer
 * @property {string} endpoint The API root to pass as --endpoint, ending in /v1.
 * @property {string} origin
 * @property {ServerRequest[]} requests
 * @property {Faults} faults
 * @property {(customerId: string) => any[]} orders The customer's orders as the service shows them.
 * @property {() => Promise<void>} close
 */

/**
 * @param {OrderServerOptions} [options]
 * @returns {Promise<OrderServer>}
 */
export async function startOrderServer(options = {}) {
  const token = options.token ?? "test-token";
  const provisionAfterPolls = options.provisionAfterPolls ?? 1;
  /** @type {Map<string, any[]>} */
  const ordersByCustomer = new Map();
  /** @type {Map<string, any>} */
  const placedByRequestId = new Map();
  /** @type {ServerRequest[]} */
  const requests = [];
  /** @type {Faults} */
  const faults = {
    stallCreateAnswers: false,
    garbleCreateAnswers: false,
    stallProvisioning: false,
    echoAuthorization: false,
  };
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0);

  const ordersOf = (customerId) => {
    if (!ordersByCustomer.has(customerId)) ordersByCustomer.set(customerId, []);
    return ordersByCustomer.get(customerId);
  };
  const send = (response, status, body) => {
    response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    response.end(JSON.stringify(body));
  };
  const notFound = (response, what) => send(response, 404, { code: 20000, description: `${what} not found` });
  const priced = (order, includePrice) => {
    if (!includePrice) return order;
    const total = order.lineItems.reduce((sum, line) => sum + 12.5 * (line.quantity ?? 0), 0);
    return { ...order, totalPrice: total, currencyCode: "USD" };
  };

  const routes = {
    createOrder(request, response, [customerId]) {
      const requestId = request.headers["ms-requestid"];
      const key = `${customerId}|${requestId}`;
      let order = typeof requestId === "string" ? placedByRequestId.get(key) : undefined;
      if (order === undefined) {
        const body = JSON.parse(request.body || "{}");
        clock += 60_000;
        order = {
          id: randomBytes(6).toString("hex"),
          referenceCustomerId: customerId,
          billingCycle: body.billingCycle ?? "monthly",
          status: "pending",
          creationDate: new Date(clock).toISOString(),
          lineItems: (body.lineItems ?? []).map((line) => ({ ...line, subscriptionId: null })),
          polls: 0,
        };
        ordersOf(customerId).push(order);
        if (typeof requestId === "string") placedByRequestId.set(key, order);
      }
      // The order is placed either way; with the fault on, its answer never leaves.
      if (faults.stallCreateAnswers) return;
      if (faults.garbleCreateAnswers) {
        response.writeHead(201, { "content-type": "text/html" });
        return response.end("<html><body>Created</body></html>");
      }
      send(response, 201, publicOrder(order));
    },
    listOrders(_request, response, [customerId], query) {
      const billingType = query.get("billingType");
      const all = ordersOf(customerId).filter((order) => !billingType || order.billingCycle === billingType);
      const items = all.map((order) => priced(publicOrder(order), query.get("include_price") === "true"));
      send(response, 200, {
        totalCount: items.length,
        items,
        attributes: { objectType: "Collection" },
      });
    },
    getOrder(request, response, [customerId, orderId], query) {
      if (faults.echoAuthorization) {
        return send(response, 400, {
          code: 2000,
          description: `Refused the request with Authorization: ${request.headers.authorization}`,
        });
      }
      const order = ordersOf(customerId).find((candidate) => candidate.id === orderId);
      if (!order) return notFound(response, "Order");
      send(response, 200, priced(publicOrder(order), query.get("include_price") === "true"));
    },
    updateOrder(request, response, [customerId, orderId]) {
      const order = ordersOf(customerId).find((candidate) => candidate.id === orderId);
      if (!order) return notFound(response, "Order");
      const body = JSON.parse(request.body || "{}");
      if (body.status !== "cancelled")
        return send(response, 400, { code: 2000, description: "Only cancellation" });
      const lines = Array.isArray(body.lineItems)
        ? body.lineItems.map((line) => line.lineItemNumber)
        : undefined;
      for (const line of order.lineItems) {
        if (lines === undefined || lines.includes(line.lineItemNumber)) line.cancelled = true;
      }
      if (order.lineItems.every((line) => line.cancelled)) order.status = "cancelled";
      send(response, 200, publicOrder(order));
    },
    getProvisioningStatus(_request, response, [customerId, orderId]) {
      if (faults.stallProvisioning) return; // never answers: the client must give up or be aborted
      const order = ordersOf(customerId).find((candidate) => candidate.id === orderId);
      if (!order) return notFound(response, "Order");
      order.polls++;
      const items = order.lineItems.map((line) => {
        const status = line.cancelled
          ? "Unfulfilled"
          : order.polls > provisionAfterPolls
            ? "Fulfilled"
            : "PrefulfillmentPending";
        return {
          lineItemNumber: line.lineItemNumber,
          status,
          quantityProvisioningInformation: [{ quantity: line.quantity ?? 1, status }],
        };
      });
      if (items.every((item) => item.status !== "PrefulfillmentPending") && order.status === "pending")
        order.status = "completed";
      send(response, 200, { totalCount: items.length, items, attributes: { objectType: "Collection" } });
    },
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const recorded = {
        method: req.method ?? "",
        path: url.pathname,
        query: url.search,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        aborted: false,
        socket: req.socket,
      };
      res.on("close", () => {
        if (!res.writableEnded) recorded.aborted = true;
      });
      requests.push(recorded);
      if (req.headers.authorization !== `Bearer ${token}`) {
        return send(res, 401, { code: 401, description: "The access token is missing or not valid." });
      }
      const route = match(recorded.method, url.pathname);
      if (!route) return notFound(res, "Resource");
      routes[route.name](recorded, res, route.params, url.searchParams);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    endpoint: `${origin}/v1`,
    origin,
    requests,
    faults,
    orders: (customerId) => ordersOf(customerId).map((order) => publicOrder(order)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function match(method, path) {
  let params = PROVISIONING.exec(path);
  if (params && method === "GET") return { name: "getProvisioningStatus", params: params.slice(1) };
  params = ORDER.exec(path);
  if (params && method === "GET") return { name: "getOrder", params: params.slice(1) };
  if (params && method === "PATCH") return { name: "updateOrder", params: params.slice(1) };
  params = ORDERS.exec(path);
  if (params && method === "POST") return { name: "createOrder", params: params.slice(1) };
  if (params && method === "GET") return { name: "listOrders", params: params.slice(1) };
  return undefined;
}

/** The order as the service shows it: cancelled lines keep their offer with quantity 0. */
function publicOrder(order) {
  const { polls: _polls, ...rest } = order;
  return {
    ...rest,
    lineItems: order.lineItems.map(({ cancelled, ...line }) => (cancelled ? { ...line, quantity: 0 } : line)),
  };
}
