#!/usr/bin/env node
// Measures the emulator (partner-center-orders/testing, from dist/): how long startEmulator takes, first
// in this process (Ajv compiles the API description) and again (compiled once per process), and how
// many requests a second it answers on loopback, against a bare node:http server answering the same
// bytes in the same run (the ratio is the cost of routing, state and the spec checks of every request
// and answer). Usage: npm run build && node scripts/emulator-bench.mjs [--seconds 3] [--concurrency 8]
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "3" }, concurrency: { type: "string", default: "8" } },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const { startEmulator } = await import(new URL("../dist/testing/index.js", import.meta.url).href);

const CUSTOMER = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
const HEADERS = { Authorization: "Bearer bench", "Content-Type": "application/json" };
const ORDER = JSON.stringify({
  lineItems: [{ lineItemNumber: 0, offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971", quantity: 5 }],
});
const cpuMs = (usage) => (usage.user + usage.system) / 1000;

async function timedStart() {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const emulator = await startEmulator({
    requestsPerMinute: Number.POSITIVE_INFINITY,
    onViolation: () => {},
  });
  return { emulator, wallMs: performance.now() - started, cpuMs: cpuMs(process.cpuUsage(cpu)) };
}

/** Requests per second for `request` with `concurrency` loops over keep-alive connections. */
async function rate(request) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const response = await request();
        await response.arrayBuffer();
        if (response.ok) done++;
        else failed++;
      }
    }),
  );
  if (failed > 0) throw new Error(`${failed} requests failed during the measurement`);
  return done / seconds;
}

const first = await timedStart();
const second = await timedStart();
await second.emulator.close();
const { emulator } = first;

const created = await fetch(`${emulator.url}/v1/customers/${CUSTOMER}/orders`, {
  method: "POST",
  headers: HEADERS,
  body: ORDER,
});
const order = await created.json();
const orderUrl = `${emulator.url}/v1/customers/${CUSTOMER}/orders/${order.id}`;
const orderBytes = JSON.stringify(order);

// The baseline: the same answer from a server that does nothing else.
const bare = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
    res.end(orderBytes);
  });
});
await new Promise((resolve) => bare.listen(0, "127.0.0.1", resolve));
const bareUrl = `http://127.0.0.1:${bare.address().port}/v1/customers/${CUSTOMER}/orders/${order.id}`;

const results = {};
results.bareGet = await rate(() => fetch(bareUrl, { headers: HEADERS }));
results.getOrder = await rate(() => fetch(orderUrl, { headers: HEADERS }));
results.createOrder = await rate(() =>
  fetch(`${emulator.url}/v1/customers/${CUSTOMER}/orders`, { method: "POST", headers: HEADERS, body: ORDER }),
);
await emulator.close();
await new Promise((resolve) => bare.close(resolve));

const round = (n) => Math.round(n);
console.log(
  `emulator start: first in process ${round(first.wallMs)} ms wall / ${round(first.cpuMs)} ms CPU;`,
);
console.log(`                again ${round(second.wallMs)} ms wall / ${round(second.cpuMs)} ms CPU`);
console.log(`loopback, ${concurrency} concurrent keep-alive loops, ${seconds} s each:`);
console.log(`  bare node:http (baseline) ${round(results.bareGet)} req/s`);
console.log(
  `  emulator getOrder         ${round(results.getOrder)} req/s (${(results.getOrder / results.bareGet).toFixed(2)} × baseline)`,
);
console.log(
  `  emulator createOrder      ${round(results.createOrder)} req/s (${(results.createOrder / results.bareGet).toFixed(2)} × baseline)`,
);
