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
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const prismCli = `${root}node_modules/@stoplight/prism-cli/dist/index.js`;
const spec = `${root}generated/openapi.json`;
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
if (!existsSync(spec)) usage(`${spec} is missing: run \`npm run generate\` first`);

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

async function freePort() {
  const probe = createNetServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port: free } = probe.address();
  probe.close();
  await once(probe, "close");
  return free;
}

const internalPort = await freePort();
const prismArgs = values.proxy
  ? ["proxy", spec, upstream.href, "--errors", "-h", "127.0.0.1", "-p", String(internalPort)]
  : ["mock", spec, "-h", "127.0.0.1", "-p", String(internalPort), ...(values.dynamic ? ["--dynamic"] : [])];

console.log(`mock: prism ${prismArgs.join(" ").replace(root, "")}`);
const prism = spawn(process.execPath, [prismCli, ...prismArgs], {
  cwd: root,
  detached: true, // its own process group, stopped as a whole
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, SCARF_ANALYTICS: "false", NO_UPDATE_NOTIFIER: "1" },
});

let stopping = false;
const front = createServer((req, res) => {
  const path =
    req.url === API_ROOT || req.url?.startsWith(`${API_ROOT}/`) || req.url?.startsWith(`${API_ROOT}?`)
      ? req.url.slice(API_ROOT.length) || "/"
      : req.url;
  const forward = httpRequest(
    { host: "127.0.0.1", port: internalPort, method: req.method, path, headers: req.headers },
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

function signalPrism(signal) {
  try {
    process.kill(-prism.pid, signal);
  } catch {
    // already gone
  }
}

async function stop(reason, exitCode) {
  if (stopping) return;
  stopping = true;
  console.log(`\nmock: ${reason}; stopping Prism`);
  front.close();
  if (prism.exitCode === null && prism.signalCode === null) {
    signalPrism("SIGTERM");
    const killer = setTimeout(() => signalPrism("SIGKILL"), 3000);
    await once(prism, "exit");
    clearTimeout(killer);
  }
  signalPrism("SIGKILL"); // anything Prism forked
  process.exit(exitCode);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(`got ${signal}`, 0));
prism.on("exit", (code, signal) => {
  if (!stopping) {
    console.error(`mock: Prism exited on its own (${signal ?? `code ${code}`})`);
    stop("Prism is gone", code === 0 ? 1 : (code ?? 1));
  }
});

// Ready once Prism answers anything; poll instead of guessing a delay.
const deadline = Date.now() + 60_000;
for (;;) {
  if (stopping) await new Promise(() => {});
  try {
    const probe = await fetch(`http://127.0.0.1:${internalPort}/`, { signal: AbortSignal.timeout(1000) });
    await probe.body?.cancel();
    break;
  } catch {
    if (Date.now() > deadline) await stop("Prism did not start within 60 s", 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

front.on("error", (error) =>
  stop(`cannot listen on ${values.host}:${port} (${error.code ?? error.message})`, 1),
);
front.listen(port, values.host, () => {
  const address = front.address();
  const url = `http://${values.host}:${address.port}`;
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
