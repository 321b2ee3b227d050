/**
 * What crosses the wire, as plain data: the request the pipeline sends on one attempt and the answer a
 * transport gives back, body read whole (decoded) and never larger than the cap. No Request, Response
 * or Headers objects: those are built only where one is handed out (`client.raw`).
 */

export interface WireRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** Reading stops, and the transport throws ResponseTooLargeError, past this many decoded bytes. */
  maxResponseBytes: number;
}

export interface WireResponse {
  status: number;
  /** Names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Sends one attempt; rejects with the signal's reason once it aborts. Never follows redirects. */
export type WireTransport = (request: WireRequest, signal: AbortSignal) => Promise<WireResponse>;

/** Thrown by a transport when a body outgrows `maxResponseBytes`; the pipeline turns it into an error. */
export class ResponseTooLargeError extends Error {
  constructor(readonly status: number) {
    super("response body too large");
  }
}
