/**
 * A user-supplied `fetch` (tests, other runtimes, custom agents) as a wire transport: one Request per
 * attempt with `redirect: "manual"`, and the body read chunk by chunk under the same size cap as the
 * default transport.
 */
import type { WireResponse, WireTransport } from "./wire.js";

/** A fetch-compatible function: takes a Request, resolves with a Response. */
export type Transport = (request: Request) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function createFetchTransport(fetch: Transport): WireTransport {
  return async (request, signal) => {
    const response = await fetch(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body as BodyInit | undefined,
        signal,
        redirect: "manual",
      }),
    );
    const body = NULL_BODY_STATUSES.has(response.status)
      ? new Uint8Array(0)
      : await readCapped(response, request.maxResponseBytes);
    if (body === undefined)
      return { status: response.status, headers: {}, body: new Uint8Array(0), tooLarge: true };
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // fetch has decoded the body already; the original framing no longer describes it.
    delete headers["content-encoding"];
    delete headers["transfer-encoding"];
    return { status: response.status, headers, body } satisfies WireResponse;
  };
}

/** The whole body, or undefined once it passes `max` bytes (the rest is cancelled). */
async function readCapped(response: Response, max: number): Promise<Uint8Array | undefined> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}
