#!/usr/bin/env node
// `npm start`: a guided tour of the public client. By default it starts a Prism mock of the bundled
// spec (no account, no money) and runs: create an order, read it back, list the customer's orders,
// wait for provisioning, cancel. With --base-url it runs against a real endpoint (such as the
// integration sandbox), read-only unless --allow-writes is given.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { startPrism } from "./lib/prism.mjs";
import { createRecordingTransport } from "./lib/recording-transport.mjs";

const SEED = {
  customerId: "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04",
  offerId: "84A03D81-6B37-4D66-8D4A-FAEA24541538", // a legacy licence offer
  quantity: 5,
  friendlyName: "new offer purchase",
};

const USAGE = `Usage: npm start [-- options]
  (no options)              run against a local Prism mock of the spec
  --base-url <url>          run against a real endpoint; token from PARTNER_CENTER_TOKEN
  --customer-id <guid>      customer tenant (or PARTNER_CENTER_CUSTOMER_ID)
  --order-id <id>           existing order to read (default: the first one listed)
  --allow-writes            with --base-url: also create and cancel an order (real purchase!)`;

const { values: args } = parseArgs({
  options: {
    "base-url": { type: "string" },
    "customer-id": { type: "string" },
    "order-id": { type: "string" },
    "allow-writes": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const DIST = new URL("../dist/index.js", import.meta.url);
if (!existsSync(DIST)) {
  console.error("dist/ is missing: run `npm run build` first (`npm start` does it for you).");
  process.exit(1);
}
const { PartnerCenterClient, PartnerCenterError } = await import(DIST.href);

const live = args["base-url"] !== undefined;
const writes = !live || args["allow-writes"];
const customerId = args["customer-id"] ?? process.env.PARTNER_CENTER_CUSTOMER_ID ?? SEED.customerId;
const out = (line = "") => process.stdout.write(`${line}\n`);
const dot = () => process.stdout.write(".");

// Adapts the client's requests to the mock. Prism serves the spec's paths at its root, while the
// client addresses the real API root `/v1`; and Prism answers from the spec's examples, so a Prefer
// header picks the example that fits this story (provisioning reports "still provisioning" twice,
// then "fulfilled", to show the polling).
function toPrism() {
  let provisioningPolls = 0;
  return async (request) => {
    const url = new URL(request.url);
    url.pathname = url.pathname.replace(/^\/v1\//, "/");
    let example;
    if (request.method === "POST" && /\/orders$/.test(url.pathname)) example = "legacyLicenseOffer";
    else if (request.method === "PATCH") example = "cancelInSandbox";
    else if (/\/provisioningstatus$/.test(url.pathname))
      example = ++provisioningPolls <= 2 ? "stillProvisioning" : "fulfilled";
    else if (/\/orders\/[^/]+$/.test(url.pathname)) example = "legacyOrder";
    const headers = new Headers(request.headers);
    if (example) headers.set("Prefer", `example=${example}`);
    const body =
      request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return new Request(url, { method: request.method, headers, body, signal: request.signal });
  };
}

const recorder = createRecordingTransport(live ? {} : { decorate: toPrism() });
/** The exchanges a step made, printed under it: method, path, status and the MS-RequestId sent. */
async function step(number, title, run) {
  out(`\n${number}. ${title}`);
  const from = recorder.exchanges.length;
  const lines = await run();
  for (const x of recorder.exchanges.slice(from)) {
    const path = x.path.replace(customerId, "{customerId}");
    out(`   ${x.method} ${path} → ${x.status ?? "no answer"}  (MS-RequestId ${x.requestId})`);
  }
  for (const line of lines) out(`   ${line}`);
}

const lineSummary = (line) =>
  `line ${line.lineItemNumber}: ${line.quantity} × ${line.offerId}${line.friendlyName ? ` "${line.friendlyName}"` : ""}`;
const provisioningSummary = (lines) =>
  lines.length === 0
    ? ["no line items reported yet"]
    : lines.map((l) => `line ${l.lineItemNumber}: ${l.status}`);

let mock;
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    interrupted = true;
    out(`\nInterrupted (${signal}); stopping.`);
    await mock?.stop(); // a mock still starting is killed by lib/prism.mjs's own exit hook
    process.exit(130);
  });
}

/** A mistake in how the walkthrough was started: print it with the usage, exit 2. */
class UsageError extends Error {}

const summary = {};
try {
  let endpoint;
  let credential;
  if (live) {
    credential = process.env.PARTNER_CENTER_TOKEN;
    if (!credential) throw new UsageError("--base-url needs an access token in PARTNER_CENTER_TOKEN.");
    if (!args["customer-id"] && !process.env.PARTNER_CENTER_CUSTOMER_ID)
      throw new UsageError("--base-url needs --customer-id or PARTNER_CENTER_CUSTOMER_ID.");
    endpoint = args["base-url"];
    out(`Partner Center Orders walkthrough: LIVE mode against ${endpoint}`);
    out(
      writes
        ? "  --allow-writes: this run CREATES and CANCELS a real order."
        : "  Read-only: list, get and provisioning status (add --allow-writes to create and cancel).",
    );
  } else {
    out("Partner Center Orders walkthrough: MOCK mode (Stoplight Prism serving generated/openapi.json;");
    out("  no account, no money). Answers are the spec's examples, so ids differ from step to step.");
    process.stdout.write("Starting mock…");
    mock = await startPrism({ onWait: dot });
    out(` ready at ${mock.url} (Prism pid ${mock.pid})`);
    endpoint = mock.url;
    credential = "walkthrough-mock-token"; // Prism checks that a bearer token is present, not its value
  }
  const client = new PartnerCenterClient({ credential, endpoint, fetch: recorder.transport });
  out(`Customer ${customerId}`);

  let orderId = args["order-id"];
  const create = async () => {
    const order = await client.orders.create(customerId, {
      lineItems: [{ offerId: SEED.offerId, quantity: SEED.quantity, friendlyName: SEED.friendlyName }],
    });
    orderId = order.id;
    summary.created = order.id;
    return [
      `order ${order.id}, status ${order.status ?? "(not given)"}, billing ${order.billingCycle ?? "-"}`,
      ...(order.lineItems ?? []).map(lineSummary),
      "(automatic retries of this call reuse its MS-RequestId, so a lost answer never buys twice)",
    ];
  };
  const read = async () => {
    if (orderId === undefined) throw new UsageError("The customer has no orders to read; give --order-id.");
    const order = await client.orders.get(customerId, orderId);
    summary.read = order.id;
    return [
      `order ${order.id}, status ${order.status ?? "(not given)"}, created ${order.creationDate ?? "-"}`,
      ...(order.lineItems ?? []).map(lineSummary),
    ];
  };
  const list = async () => {
    const shown = [];
    let count = 0;
    for await (const order of client.orders.list(customerId)) {
      count++;
      if (count <= 5) shown.push(`  ${order.id}  ${order.status ?? "-"}  ${order.billingCycle ?? "-"}`);
      orderId ??= order.id; // read-only mode reads the first listed order
    }
    summary.listed = count;
    return [`${count} order(s)${count > 5 ? ", the first 5:" : ":"}`, ...shown];
  };
  const provisioning = async () => {
    process.stdout.write("   polling");
    const stopDots = recorder.onRequest((x) => {
      if (x.path.endsWith("/provisioningstatus")) dot();
    });
    try {
      const lines = await client.orders.waitUntilProvisioned(customerId, orderId, {
        pollIntervalInMs: live ? 15_000 : 300,
        maxWaitInMs: live ? 60_000 : 10_000,
      });
      summary.provisioning = "provisioned";
      out(" provisioned");
      return provisioningSummary(lines);
    } catch (error) {
      if (!(error instanceof PartnerCenterError) || error.code !== PartnerCenterError.PROVISIONING_TIMEOUT)
        throw error;
      summary.provisioning = "still provisioning";
      out(" still provisioning; stopped waiting (the order is unaffected)");
      return provisioningSummary(Array.isArray(error.data) ? error.data : []);
    } finally {
      stopDots();
    }
  };
  const cancel = async () => {
    const order = await client.orders.cancel(customerId, orderId);
    summary.cancelled = `order ${order.id}, now ${order.status ?? "(status not given)"}`;
    return [`order ${order.id}, status ${order.status ?? "(not given)"}`];
  };

  const steps = writes
    ? [
        ["Create an order", create],
        ["Read it back", read],
        ["List the customer's orders", list],
        ["Wait until it is provisioned", provisioning],
        ["Cancel it", cancel],
      ]
    : [
        ["List the customer's orders", list],
        [args["order-id"] ? `Read order ${args["order-id"]}` : "Read the first listed order", read],
        ["Check its provisioning status", provisioning],
      ];
  for (const [index, [title, run]] of steps.entries()) await step(index + 1, title, run);

  const failed = recorder.exchanges.filter((x) => x.status === undefined || x.status >= 400);
  out("\nSummary");
  out(`  mode          ${live ? `live (${writes ? "writes allowed" : "read-only"})` : "mock (Prism)"}`);
  if (summary.created) out(`  created       order ${summary.created}`);
  out(`  read back     order ${summary.read}`);
  out(`  listed        ${summary.listed} order(s)`);
  out(`  provisioning  ${summary.provisioning}`);
  if (summary.cancelled) out(`  cancelled     ${summary.cancelled}`);
  const ids = new Set(recorder.exchanges.map((x) => x.requestId));
  out(
    `  HTTP calls    ${recorder.exchanges.length} (${ids.size} distinct MS-RequestIds), ` +
      `${failed.length === 0 ? "all successful" : `${failed.length} failed`}`,
  );
  process.exitCode = failed.length === 0 ? 0 : 1;
} catch (error) {
  process.exitCode = 1;
  if (interrupted) {
    // The signal handler exits.
  } else if (error instanceof UsageError) {
    console.error(`\n${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof PartnerCenterError) {
    console.error(`\nThe call failed: ${error.message}`);
    console.error(
      `  statusCode ${error.statusCode}, code ${error.code ?? "-"}, description ${error.description ?? "-"}`,
    );
    console.error(`  requestId ${error.requestId ?? "-"}, correlationId ${error.correlationId ?? "-"}`);
  } else {
    console.error(`\nThe walkthrough failed: ${error instanceof Error ? error.stack : error}`);
  }
} finally {
  if (mock) {
    await mock.stop();
    out("Mock stopped.");
  }
}
