/**
 * The default transport: node:http(s) over keep-alive agents, the way the Azure SDK sends on Node.
 * No undici Request, Response, Headers or signal objects per call, which is where fetch spends its time.
 * It never follows redirects (node:http does not), decodes gzip / deflate / br while reading, and stops
 * reading once the decoded body passes `maxResponseBytes`. Proxies come from HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY (or their lower-case forms), read once when the client is built: https goes through a
 * CONNECT tunnel, http to the proxy in absolute form. Loaded on the first request, so importing the
 * package does not pay for node:https.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Duplex } from "node:stream";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { WireRequest, WireResponse, WireTransport } from "./wire.js";

export interface ProxySettings {
  httpsProxy: string | undefined;
  httpProxy: string | undefined;
  noProxy: string | undefined;
}

/** The proxy variables as curl and the Azure SDK read them. */
export function proxySettingsFromEnv(env: Record<string, string | undefined>): ProxySettings {
  return {
    httpsProxy: env.HTTPS_PROXY || env.https_proxy || undefined,
    httpProxy: env.HTTP_PROXY || env.http_proxy || undefined,
    noProxy: env.NO_PROXY || env.no_proxy || undefined,
  };
}

const KEEP_ALIVE = { keepAlive: true, scheduling: "lifo" } as const;

export function createNodeTransport(proxies: ProxySettings): WireTransport {
  const httpAgent = new HttpAgent(KEEP_ALIVE);
  const httpsAgent = new HttpsAgent(KEEP_ALIVE);
  const httpsProxy = parseProxy(proxies.httpsProxy);
  const httpProxy = parseProxy(proxies.httpProxy);
  const bypass = noProxyMatcher(proxies.noProxy);
  let tunnelAgent: HttpsAgent | undefined;

  /** How to reach one origin, worked out once: every call of a client goes to the same one. */
  const route = (origin: string) => {
    const url = new URL(origin);
    const secure = url.protocol === "https:";
    const proxy = secure ? httpsProxy : httpProxy;
    const direct = proxy === undefined || bypass(url);
    return {
      secure,
      proxy: direct ? undefined : proxy,
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port || (secure ? 443 : 80),
      host: url.host,
    };
  };
  let lastOrigin = "";
  let last = route("http://localhost");

  return (request, signal) => {
    const origin = originOf(request.url);
    if (origin !== lastOrigin) {
      last = route(origin);
      lastOrigin = origin;
    }
    const { secure, proxy, hostname, port, host } = last;
    const path = request.url.slice(origin.length) || "/";
    if (proxy === undefined) {
      const send = secure ? httpsRequest : httpRequest;
      const agent = secure ? httpsAgent : httpAgent;
      return exchange(request, signal, () =>
        send({ hostname, port, path, method: request.method, headers: request.headers, agent }),
      );
    }
    if (secure) {
      tunnelAgent ??= new TunnelAgent(proxy);
      const agent = tunnelAgent;
      return exchange(request, signal, () =>
        httpsRequest({ hostname, port, path, method: request.method, headers: request.headers, agent }),
      );
    }
    // Plain http through a proxy: the request line carries the absolute URL.
    const headers = { ...request.headers, host, ...proxyAuthorization(proxy) };
    return exchange(request, signal, () =>
      httpRequest({
        host: proxy.hostname,
        port: proxy.port || 80,
        method: request.method,
        path: request.url,
        headers,
        agent: httpAgent,
      }),
    );
  };
}

/** `https://host:port` of an absolute URL, without parsing the rest. */
function originOf(url: string): string {
  const end = url.indexOf("/", url.indexOf("//") + 2);
  return end === -1 ? url : url.slice(0, end);
}

type ClientRequest = ReturnType<typeof httpRequest>;

function exchange(
  request: WireRequest,
  signal: AbortSignal,
  open: () => ClientRequest,
): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const outgoing = open();
    let done = false;
    const finish = (error: unknown, answer?: WireResponse) => {
      if (done) return;
      done = true;
      signal.removeEventListener("abort", onAbort);
      if (answer) resolve(answer);
      else {
        outgoing.destroy();
        reject(error);
      }
    };
    const onAbort = () => finish(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    outgoing.on("error", (error) => finish(error));
    outgoing.on("response", (incoming) => {
      readCapped(incoming, request.maxResponseBytes, (error, body) => {
        const status = incoming.statusCode ?? 0;
        if (error !== undefined) finish(error);
        else if (body === undefined)
          finish(undefined, { status, headers: {}, body: new Uint8Array(0), tooLarge: true });
        else finish(undefined, { status, headers: flatHeaders(incoming), body });
      });
    });
    outgoing.end(request.body);
  });
}

/**
 * Reads the whole body, decoded, and calls `done` once: with the bytes, with an error, or with neither
 * once the decoded body passes `max` bytes (called before the teardown can report anything else).
 */
function readCapped(
  incoming: IncomingMessage,
  max: number,
  done: (error: unknown, body?: Uint8Array) => void,
): void {
  const decoder = decoderFor(incoming.headers["content-encoding"]);
  const source: NodeJS.ReadableStream = decoder ? incoming.pipe(decoder) : incoming;
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const fail = (error?: unknown) => {
    if (over) return;
    over = true;
    done(error);
    incoming.destroy();
    decoder?.destroy();
  };
  source.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > max) fail();
    else chunks.push(chunk);
  });
  source.on("end", () => {
    if (over) return;
    over = true;
    done(undefined, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
  });
  source.on("error", fail);
  if (decoder) incoming.on("error", fail);
  // A connection cut mid-body: "aborted" on Node 20, an error on later versions.
  incoming.on("aborted", () => fail(new Error("The connection closed before the body was complete.")));
}

function decoderFor(encoding: string | undefined): Duplex | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

function flatHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = incoming.headers;
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  // The body handed on is decoded and whole: the original framing no longer describes it.
  delete headers["content-encoding"];
  delete headers["transfer-encoding"];
  return headers;
}

function parseProxy(value: string | undefined): URL | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { "proxy-authorization": `Basic ${Buffer.from(user).toString("base64")}` };
}

/** NO_PROXY: `*`, or host names (a leading dot or not: subdomains match too), optionally with `:port`. */
export function noProxyMatcher(noProxy: string | undefined): (url: URL) => boolean {
  const entries = (noProxy ?? "")
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  if (entries.includes("*")) return () => true;
  const rules = entries.map((entry) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(entry);
    return { host: (match?.[1] ?? entry).replace(/^\*?\./, "").replace(/^\[|\]$/g, ""), port: match?.[2] };
  });
  return (url) => {
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    return rules.some(
      (rule) =>
        (rule.port === undefined || rule.port === port) &&
        (host === rule.host || host.endsWith(`.${rule.host}`)),
    );
  };
}

/** An https agent whose connections are CONNECT tunnels through an http proxy. */
class TunnelAgent extends HttpsAgent {
  readonly #proxy: URL;

  constructor(proxy: URL) {
    super(KEEP_ALIVE);
    this.#proxy = proxy;
  }

  override createConnection(
    options: { host?: string; port?: number | string; servername?: string },
    callback: (error: Error | null, socket?: Duplex) => void,
  ): undefined {
    const authority = `${options.host}:${options.port ?? 443}`;
    const connect = httpRequest({
      host: this.#proxy.hostname,
      port: this.#proxy.port || 80,
      method: "CONNECT",
      path: authority,
      headers: { host: authority, ...proxyAuthorization(this.#proxy) },
      agent: false,
    });
    connect.once("connect", (answer, socket) => {
      if (answer.statusCode !== 200) {
        socket.destroy();
        callback(new Error(`The proxy refused the tunnel to ${authority} (${answer.statusCode}).`));
        return;
      }
      callback(
        null,
        tlsConnect({
          ...(options as ConnectionOptions),
          socket,
          servername: options.servername ?? options.host,
        }),
      );
    });
    connect.once("error", (error) => callback(error));
    connect.end();
    return undefined;
  }
}
