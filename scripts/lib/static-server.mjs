// A small read-only static file server on loopback, for the built docs. The Redoc page routes by
// path (/orders/createorder), so a path with no file extension falls back to index.html.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Maps a URL path to a file under root, or undefined when it has none (or tries to leave root). */
function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split("?")[0] ?? "/");
  } catch {
    return undefined;
  }
  const candidate = resolve(root, `.${normalize(path)}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  const index = join(candidate, "index.html");
  if (existsSync(index)) return index;
  if (extname(candidate) === "") return join(root, "index.html");
  return undefined;
}

/**
 * @typedef {object} StaticServer
 * @property {string} url Base URL with a trailing slash, e.g. http://127.0.0.1:8080/
 * @property {number} port
 * @property {() => Promise<void>} close
 */

/**
 * Serves `root` on host:port (port 0 picks a free one). Resolves once listening with the base URL
 * and a close() that also ends keep-alive connections, so callers can exit promptly.
 * @param {string} root
 * @param {{ host?: string, port?: number }} [options]
 * @returns {Promise<StaticServer>}
 */
export async function serveStatic(root, { host = "127.0.0.1", port = 0 } = {}) {
  const absoluteRoot = resolve(root);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const file = fileFor(absoluteRoot, req.url ?? "/");
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cache-control": "no-store",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done(undefined));
  });
  const address = server.address();
  const url = `http://${host}:${address.port}/`;
  const close = () =>
    new Promise((done) => {
      server.close(() => done(undefined));
      server.closeAllConnections();
    });
  return { url, port: address.port, close };
}
