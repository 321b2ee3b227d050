// Confines a browser context to loopback: every request to another host is aborted and recorded,
// and every request that fails (or answers with an HTTP error) is recorded too, so a test can
// assert both lists are empty.
import type { BrowserContext, Page } from "playwright-core";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
// Inline content never touches the network.
const INLINE = new Set(["data:", "blob:", "about:"]);

export interface NetworkLog {
  /** Requests that would have left the machine (aborted before they did). */
  external: string[];
  /** Loopback requests that failed or were answered with status >= 400. */
  failed: string[];
}

export async function allowLoopbackOnly(context: BrowserContext): Promise<NetworkLog> {
  const log: NetworkLog = { external: [], failed: [] };
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (INLINE.has(url.protocol) || LOOPBACK.has(url.hostname)) return route.continue();
    log.external.push(`${route.request().method()} ${url.href}`);
    return route.abort("blockedbyclient");
  });
  // WebSockets bypass route(); treat any socket to another host the same way.
  await context.routeWebSocket(/.*/, (socket) => {
    const url = new URL(socket.url());
    if (LOOPBACK.has(url.hostname)) return socket.connectToServer();
    log.external.push(`WS ${url.href}`);
    return socket.close();
  });
  return log;
}

/** Records the page's failed loopback requests and HTTP errors into `log.failed`. */
export function recordFailures(page: Page, log: NetworkLog): void {
  page.on("requestfailed", (request) => {
    const url = new URL(request.url());
    if (!LOOPBACK.has(url.hostname)) return; // already in log.external: we aborted it
    log.failed.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? "failed"}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) log.failed.push(`${response.status()} ${response.url()}`);
  });
}
