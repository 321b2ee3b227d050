#!/usr/bin/env node
// A local Partner Center Orders API: Stoplight Prism on generated/openapi.json.
//
//   npm run mock [-- --port 4010 --host 127.0.0.1 --dynamic]
//       Prism `mock`: answers from the spec's examples (or generated bodies with --dynamic) and validates
//       every request (violations come back in the `sl-violations` header).
//   npm run mock:proxy -- <upstream> [--port 4010]
//       Prism `proxy --errors`: forwards to <upstream> (e.g. an integration sandbox) and checks requests
//       and responses against the spec on the way; a violation becomes an error answer.
//
// Prism serves the spec's paths at its root, while the client puts `/v1` in front of them (the API's
// root). So Prism listens on an internal port and this script fronts it on --port, dropping a leading
// `/v1`: both `curl http://127.0.0.1:4010/customers/...` and a client with
// `endpoint: "http://127.0.0.1:4010"` work. Ctrl-C (or SIGTERM) stops Prism's whole process group.
import { existsSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { parseArgs } from "node:util";
import { BUNDLED_SPEC, startPrism } from "./lib/prism.mjs";

const API_ROOT = "/v1";

function usage(message) {
  if (message) console.error(`mock: ${message}`);
  console.error(
    "usage: node scripts/mock.mjs [--port 4010] [--host 127.0.0.1] [--dynamic]\n" +
      "       node scripts/mock.mjs --proxy <upstream> [--port 4010] [--host 127.0.0.1]",
  );
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      proxy: { type: "boolean", default: false },
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      dynamic: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
} catch (error) {
  usage(error.message);
}
const { values, positionals } = parsed;
if (values.help) usage();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usage(`--port must be a port number, got ${values.port}`);
if (!existsSync(BUNDLED_SPEC)) usage(`${BUNDLED_SPEC} is missing: run \`npm run generate\` first`);

let upstream;
if (values.proxy) {
  if (positionals.length !== 1) usage("--proxy needs exactly one upstream URL");
  try {
    upstream = new URL(positionals[0]);
  } catch {
    usage(`not a URL: ${positionals[0]}`);
  }
  if (upstream.protocol !== "https:" && upstream.protocol !== "http:") usage("the upstream must be http(s)");
  if (values.dynamic) usage("--dynamic applies to the mock, not the proxy");
} else if (positionals.length > 0) {
  usage(`unexpected argument ${positionals[0]} (did you mean --proxy?)`);
}

let prism;
try {
  prism = await startPrism({
    proxyTo: upstream?.href,
    args: values.dynamic ? ["--dynamic"] : [],
    echoLog: true,
    readyTimeoutInMs: 60_000,
  });
} catch (error) {
  console.error(`mock: ${error.message}`);
  process.exit(1);
}
const internal = new URL(prism.url);

let stopping = false;
async function stop(reason, exitCode) {
  if (stopping) return;
  stopping = true;
  console.log(`\nmock: ${reason}; stopping Prism`);
  front.close();
  await prism.stop();
  process.exit(exitCode);
}

const front = createServer((req, res) => {
  const path =
    req.url === API_ROOT || req.url?.startsWith(`${API_ROOT}/`) || req.url?.startsWith(`${API_ROOT}?`)
      ? req.url.slice(API_ROOT.length) || "/"
      : req.url;
  const forward = httpRequest(
    { host: internal.hostname, port: internal.port, method: req.method, path, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`mock: Prism did not answer (${error.message})\n`);
  });
  req.pipe(forward);
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(`got ${signal}`, 0));
prism.exited.then(() => stop("Prism exited on its own", 1));

front.on("error", (error) =>
  stop(`cannot listen on ${values.host}:${port} (${error.code ?? error.message})`, 1),
);
front.listen(port, values.host, () => {
  const address = front.address();
  const url = `http://${values.host}:${typeof address === "object" && address ? address.port : port}`;
  console.log(
    values.proxy
      ? `mock: validating proxy for ${upstream.href} ready at ${url}`
      : `mock: ${values.dynamic ? "dynamic" : "example"} mock ready at ${url}`,
  );
  console.log(
    `mock: client: new PartnerCenterClient({ credential, endpoint: "${url}" }) (a leading /v1 is dropped)`,
  );
  if (!values.proxy) {
    console.log(
      'mock: choose answers per request with e.g. "Prefer: code=404" or "Prefer: code=200, example=withPrices"',
    );
    console.log(
      "mock: note: Prism 5.14 cannot validate the multipart upload (stoplightio/prism#2654); it answers 400",
    );
  }
  console.log("mock: Ctrl-C to stop");
});
