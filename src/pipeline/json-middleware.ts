/**
 * openapi-fetch middleware that reads every successful JSON body first: a body that does not parse
 * becomes PartnerCenterError PARSE_ERROR (openapi-fetch would throw a bare SyntaxError), and keys that
 * could pollute prototypes are dropped before anyone sees the object. File downloads pass untouched.
 * The parsed value travels on in a ParsedJsonResponse, so openapi-fetch's json() does not parse again.
 */
import type { Middleware } from "openapi-fetch";
import { PartnerCenterError, summarizeRequest, summarizeResponse } from "../errors.js";
import { mayHoldForbiddenKey, parseJsonSafely } from "../json.js";
import type { WholeBody } from "./buffered-response.js";
import { responseClasses } from "./lazy-responses.js";
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from "./pipeline.js";

const BINARY_PATHS = [/\/attachment\/\{attachmentId\}$/];

export const safeJsonMiddleware: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    if (!response.ok || BINARY_PATHS.some((path) => path.test(schemaPath))) return undefined;
    const { BufferedResponse, ParsedJsonResponse } = await responseClasses();
    const body =
      response instanceof BufferedResponse ? await response.readWhole() : await readUnbuffered(response);
    const { text } = body;
    const headers = new Headers(response.headers);
    const init = { status: response.status, statusText: response.statusText, headers };
    if (text.trim() === "") {
      headers.set("content-length", "0");
      return new Response(null, init);
    }
    const parsed = parseJsonSafely(text);
    if (!parsed.ok) throw parseError(request, response, text, parsed.error);
    // openapi-fetch calls json() (rather than text() and its own JSON.parse) only with a content-length.
    if (mayHoldForbiddenKey(text)) {
      // Keys may have been dropped: every other read (text, blob, stream) shows the cleaned body, too.
      const clean = encoder.encode(JSON.stringify(parsed.value));
      headers.set("content-length", String(clean.byteLength));
      return new ParsedJsonResponse(clean, parsed.value, init);
    }
    headers.set("content-length", String(body.bytes.byteLength));
    return new ParsedJsonResponse(body, parsed.value, init);
  },
};

const encoder = new TextEncoder();

/** The pipeline's responses are buffered already; one from another middleware is read here. */
async function readUnbuffered(response: Response): Promise<WholeBody> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, text: new TextDecoder().decode(bytes) };
}

function parseError(request: Request, response: Response, text: string, cause: Error): PartnerCenterError {
  const requestId =
    request.headers.get(REQUEST_ID_HEADER) ?? response.headers.get(REQUEST_ID_HEADER) ?? undefined;
  return new PartnerCenterError(
    `Partner Center answered ${response.status} with a body that is not valid JSON. The call itself may have ` +
      `succeeded: check its result before repeating it (requestId ${requestId}).`,
    {
      statusCode: response.status,
      code: PartnerCenterError.PARSE_ERROR,
      requestId,
      correlationId:
        request.headers.get(CORRELATION_ID_HEADER) ??
        response.headers.get(CORRELATION_ID_HEADER) ??
        undefined,
      request: summarizeRequest(request),
      response: summarizeResponse(response.status, response.headers, text),
      cause,
    },
  );
}
