/**
 * The ways of fetching an order (or a 100-order page) that the per-call benchmark compares. Each
 * variant is `{ name, op }`, where `op()` makes one call and resolves once the body is parsed into
 * objects, and throws on anything but success, so a broken variant cannot look fast.
 *
 * Calls rotate over a pool of customer tenants, the same sequence for every variant: the package's
 * default limiter (500 a minute per tenant) then never has to wait, and what is measured is its
 * bookkeeping, not a pause.
 */
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineRequest,
  defaultRetryPolicy,
  setClientRequestIdPolicy,
} from "@azure/core-rest-pipeline";
import createClient from "openapi-fetch";
import { orderId, tenantId } from "./fixtures.mjs";

export const TENANT_POOL = 256;
const ORDER_ID = orderId(0);
const TOKEN = "benchmark-token";

/** Tenant ids in a fixed rotation; each variant gets its own cursor over the same sequence. */
function tenants() {
  let i = 0;
  return () => tenantId(i++ % TENANT_POOL);
}

export function rawFetchVariant(endpoint, kind) {
  const next = tenants();
  const headers = { Authorization: `Bearer ${TOKEN}`, Accept: "application/json" };
  return {
    name: "fetch",
    op: async () => {
      const customer = next();
      const url =
        kind === "get"
          ? `${endpoint}/customers/${customer}/orders/${ORDER_ID}`
          : `${endpoint}/customers/${customer}/orders`;
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`fetch: HTTP ${response.status}`);
      expectBody(kind, await response.json());
    },
  };
}

export function openapiFetchVariant(endpoint, kind) {
  const next = tenants();
  const client = createClient({ baseUrl: endpoint, headers: { Authorization: `Bearer ${TOKEN}` } });
  return {
    name: "openapi-fetch",
    op: async () => {
      const customerId = next();
      const { data, error, response } =
        kind === "get"
          ? await client.GET("/customers/{customerId}/orders/{orderId}", {
              params: { path: { customerId, orderId: ORDER_ID } },
            })
          : await client.GET("/customers/{customerId}/orders", { params: { path: { customerId } } });
      if (error !== undefined) throw new Error(`openapi-fetch: HTTP ${response.status}`);
      expectBody(kind, data);
    },
  };
}

/**
 * This package's client: `ClientClass` is PartnerCenterClient, or ValidatingPartnerCenterClient from
 * `partner-center-orders/validation` (dist for the full run, src under vitest).
 */
export function packageClientVariant(endpoint, kind, ClientClass, { name = "client", ...options } = {}) {
  const next = tenants();
  const client = new ClientClass({ credential: TOKEN, endpoint, ...options });
  return {
    name,
    op: async () => {
      const customerId = next();
      if (kind === "get") {
        expectBody(kind, await client.orders.get(customerId, ORDER_ID));
        return;
      }
      const items = [];
      for await (const order of client.orders.list(customerId)) items.push(order);
      expectBody(kind, { items });
    },
  };
}

/**
 * The Azure SDK's pipeline (@azure/core-rest-pipeline, a dev dependency) with request-id, retry and
 * bearer-token policies over its default Node client (node:http with a keep-alive agent): the peer
 * to match. Its bearer policy refuses non-https URLs, so requests are built with https and a last
 * policy, after signing, turns them back into the loopback server's http.
 */
export function azurePipelineVariant(endpoint, kind) {
  const next = tenants();
  const secureEndpoint = endpoint.replace(/^http:/, "https:");
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(setClientRequestIdPolicy("MS-RequestId"));
  pipeline.addPolicy(defaultRetryPolicy(), { phase: "Retry" });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      scopes: "https://api.partnercenter.microsoft.com/.default",
      credential: { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    }),
    { phase: "Sign" },
  );
  pipeline.addPolicy(
    {
      name: "loopbackHttp",
      sendRequest: (request, sendNext) => {
        request.url = request.url.replace(/^https:/, "http:");
        request.allowInsecureConnection = true;
        return sendNext(request);
      },
    },
    { afterPhase: "Sign" },
  );
  const httpClient = createDefaultHttpClient();
  return {
    name: "azure core-rest-pipeline",
    op: async () => {
      const customer = next();
      const url =
        kind === "get"
          ? `${secureEndpoint}/customers/${customer}/orders/${ORDER_ID}`
          : `${secureEndpoint}/customers/${customer}/orders`;
      const request = createPipelineRequest({ url, method: "GET" });
      request.headers.set("Accept", "application/json");
      const response = await pipeline.sendRequest(httpClient, request);
      if (response.status !== 200) throw new Error(`azure: HTTP ${response.status}`);
      expectBody(kind, JSON.parse(response.bodyAsText ?? ""));
    },
  };
}

/**
 * The response validator alone, on the already parsed body: what validation adds to a call, without
 * the network's noise around it.
 */
export function validatorVariant(validation, operationId, bodyText) {
  const validator = validation.createResponseValidator();
  const body = JSON.parse(bodyText);
  return {
    name: "validator alone",
    op: async () => {
      if (!validator.validateResponse(operationId, 200, body).valid)
        throw new Error(`${operationId} body is invalid`);
    },
  };
}

/** JSON.parse of the very body the server sends: the unit validation overhead is measured in. */
export function jsonParseVariant(bodyText) {
  return {
    name: "JSON.parse",
    op: async () => {
      JSON.parse(bodyText);
    },
  };
}

function expectBody(kind, body) {
  const ok = kind === "get" ? body?.id === ORDER_ID : Array.isArray(body?.items) && body.items.length > 0;
  if (!ok) throw new Error(`unexpected ${kind} body`);
}
