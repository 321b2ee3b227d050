/**
 * What crosses the wire, as plain data: the request the pipeline sends on one attempt and the answer a
 * transport gives back, body read whole (decoded) and never larger than the cap. No Request, Response
 * or Headers objects: those are built only where one is handed out (`client.raw`). Types only, so the
 * transport chunk loaded on the first request shares no code with the entry point.
 */

export interface WireRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** Reading stops past this many decoded bytes, and the transport answers `tooLarge`. */
  maxResponseBytes: number;
}

export interface WireResponse {
  status: number;
  /** Names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The body passed `maxResponseBytes`: reading stopped, the connection was dropped, `body` is empty. */
  tooLarge?: true;
}

/** Sends one attempt; rejects with the signal's reason once it aborts. Never follows redirects. */
export type WireTransport = (request: WireRequest, signal: AbortSignal) => Promise<WireResponse>;
