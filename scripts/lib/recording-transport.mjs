// A `fetch` for PartnerCenterClient's `fetch` option that remembers, for each HTTP exchange, what
// went out and what came back, so the walkthrough can show the real MS-RequestId and status of
// every call. It never keeps headers other than the two ids (the Authorization header stays unseen).

/**
 * @param {{ decorate?: (request: Request) => Request | Promise<Request> }} [options] `decorate` may
 *   rewrite a request before it is sent (the walkthrough adapts requests to the Prism mock). The
 *   record shows the request as the client made it.
 */
export function createRecordingTransport({ decorate } = {}) {
  /** @type {{ method: string, path: string, status: number | undefined, requestId: string | null, correlationId: string | null }[]} */
  const exchanges = [];
  const listeners = new Set();
  async function transport(request) {
    const entry = {
      method: request.method,
      path: new URL(request.url).pathname,
      status: undefined,
      requestId: request.headers.get("MS-RequestId"),
      correlationId: request.headers.get("MS-CorrelationId"),
    };
    exchanges.push(entry);
    for (const listener of listeners) listener(entry);
    const response = await globalThis.fetch(decorate ? await decorate(request) : request);
    entry.status = response.status;
    return response;
  }
  return {
    transport,
    exchanges,
    /** Calls `listener` as each request is sent. Returns a function that removes it. */
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
