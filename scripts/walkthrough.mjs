#!/usr/bin/env node
// `npm start`: a guided tour of the public client. By default it runs on the package's emulator
// (partner-center-orders/testing: stateful, no account, no money): create an order, read the same
// order back, list it, wait while its provisioning moves on, read the subscriptions it created,
// cancel it; then lose an answer on purpose and show the retry returning the same order. --prism
// shows the same calls on a Prism mock of the spec (stateless example answers). With --base-url it
// runs against a real endpoint (such as the integration sandbox), read-only unless --allow-writes.
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
  (no options)              run on the local emulator (stateful, checked against the spec)
  --prism                   run against a Prism mock of the spec (example answers, no state)
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
    prism: { type: "boolean", default: false },
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
const onPrism = !live && args.prism;
const onEmulator = !live && !onPrism;
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

const recorder = createRecordingTransport(onPrism ? { decorate: toPrism() } : {});
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
const subscriptionOf = (line) =>
  `line ${line.lineItemNumber}: subscription ${line.subscriptionId ?? "(not yet)"}`;
const provisioningSummary = (lines) =>
  lines.length === 0
    ? ["no line items reported yet"]
    : lines.map((l) => `line ${l.lineItemNumber}: ${l.status}`);

let mock;
let emulator;
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    interrupted = true;
    out(`\nInterrupted (${signal}); stopping.`);
    await mock?.stop(); // a mock still starting is killed by lib/prism.mjs's own exit hook
    await emulator?.close();
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
  } else if (onEmulator) {
    out("Partner Center Orders walkthrough: EMULATOR mode (partner-center-orders/testing: a stateful");
    out("  emulator of the Orders service, every answer checked against generated/openapi.json;");
    out("  no account, no money). Provisioning runs 5x faster than the emulator's default.");
    const { startEmulator } = await import(new URL("../dist/testing/index.js", import.meta.url).href);
    const started = performance.now();
    emulator = await startEmulator({ timeScale: 5 });
    out(`Emulator ready at ${emulator.url} in ${Math.round(performance.now() - started)} ms`);
    endpoint = emulator.url;
    credential = "walkthrough-emulator-token"; // the emulator checks that a bearer token is present
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
    const before = onEmulator ? await client.orders.getProvisioningStatus(customerId, orderId) : [];
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
      const after = onEmulator ? await client.orders.get(customerId, orderId) : undefined;
      const changes = lines.map((line) => {
        const was = before.find((b) => b.lineItemNumber === line.lineItemNumber)?.status;
        return `line ${line.lineItemNumber}: ${was ?? "?"} → ${line.status}`;
      });
      return [
        ...(onEmulator ? changes : provisioningSummary(lines)),
        ...(after
          ? [`order ${after.id} is now ${after.status}`, ...(after.lineItems ?? []).map(subscriptionOf)]
          : []),
      ];
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
  const subscriptions = async () => {
    const found = [];
    for await (const subscription of client.orders.listSubscriptions(customerId, orderId))
      found.push(subscription);
    summary.subscriptions = found.length;
    return found.length === 0
      ? ["no subscriptions yet"]
      : found.map(
          (sub) =>
            `subscription ${sub.id}: ${sub.quantity ?? "-"} × ${sub.offerId ?? "-"}, ${sub.status ?? "-"}`,
        );
  };
  // The emulator cuts the connection after committing the next create: the client never sees the 201,
  // retries with the same MS-RequestId, and the emulator answers with the order it already placed.
  const lostAnswer = async () => {
    const before = emulator.orders(customerId).length;
    emulator.injectFault({ kind: "drop-after-commit", operations: ["createOrder"], times: 1 });
    const from = recorder.exchanges.length;
    const order = await client.orders.create(customerId, {
      lineItems: [{ offerId: SEED.offerId, quantity: 1, friendlyName: "bought once despite a lost answer" }],
    });
    const attempts = recorder.exchanges.slice(from);
    for (const attempt of attempts) attempt.expectedFailure = attempt.status === undefined;
    const held = emulator.orders(customerId);
    const same = held.filter((o) => o.id === order.id).length;
    summary.lostAnswer = `${attempts.length} attempts, 1 MS-RequestId, order ${order.id} placed ${same} time(s)`;
    return [
      `the first answer was lost; the retry carried the same MS-RequestId and got order ${order.id}`,
      `the emulator holds ${held.length} orders (was ${before}): this purchase was placed ${same === 1 ? "once" : `${same} times`}`,
    ];
  };
  const cancel = async () => {
    const order = await client.orders.cancel(customerId, orderId);
    summary.cancelled = `order ${order.id}, now ${order.status ?? "(status not given)"}`;
    return [`order ${order.id}, status ${order.status ?? "(not given)"}`];
  };

  const canListSubscriptions = typeof client.orders.listSubscriptions === "function";
  const steps = writes
    ? [
        ["Create an order", create],
        ["Read it back", read],
        ["List the customer's orders", list],
        ["Wait until it is provisioned", provisioning],
        ...(canListSubscriptions && !onPrism ? [["Read the subscriptions it created", subscriptions]] : []),
        ["Cancel it", cancel],
        ...(onEmulator ? [["Lose an answer, retry with the same MS-RequestId", lostAnswer]] : []),
      ]
    : [
        ["List the customer's orders", list],
        [args["order-id"] ? `Read order ${args["order-id"]}` : "Read the first listed order", read],
        ["Check its provisioning status", provisioning],
      ];
  for (const [index, [title, run]] of steps.entries()) await step(index + 1, title, run);

  const failed = recorder.exchanges.filter(
    (x) => !x.expectedFailure && (x.status === undefined || x.status >= 400),
  );
  const lost = recorder.exchanges.filter((x) => x.expectedFailure).length;
  const mode = live
    ? `live (${writes ? "writes allowed" : "read-only"})`
    : onPrism
      ? "mock (Prism)"
      : "emulator";
  out("\nSummary");
  out(`  mode          ${mode}`);
  if (summary.created) out(`  created       order ${summary.created}`);
  out(`  read back     order ${summary.read}`);
  out(`  listed        ${summary.listed} order(s)`);
  out(`  provisioning  ${summary.provisioning}`);
  if (summary.subscriptions !== undefined) out(`  subscriptions ${summary.subscriptions}`);
  if (summary.cancelled) out(`  cancelled     ${summary.cancelled}`);
  if (summary.lostAnswer) out(`  lost answer   ${summary.lostAnswer}`);
  if (emulator)
    out(
      `  spec checks   ${emulator.requests.length} answers checked, ${emulator.violations.length} violations`,
    );
  const ids = new Set(recorder.exchanges.map((x) => x.requestId));
  out(
    `  HTTP calls    ${recorder.exchanges.length} (${ids.size} distinct MS-RequestIds), ` +
      `${failed.length === 0 ? "all successful" : `${failed.length} failed`}` +
      (lost > 0 ? ` (plus ${lost} answer lost on purpose)` : ""),
  );
  process.exitCode = failed.length === 0 && (emulator?.violations.length ?? 0) === 0 ? 0 : 1;
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
  if (emulator) {
    await emulator.close();
    out("Emulator stopped.");
  }
}
