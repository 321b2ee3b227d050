/**
 * Responses whose body is already in memory. `new Response(bytes)` would push the bytes through a web
 * stream again on every read; these answer `text()`, `json()`, `arrayBuffer()`... straight from the
 * buffer, and build a stream only if someone asks for `body`. Reading twice fails as with any Response.
 */

import { parseJsonSafely } from "../json.js";

const BODY_UNUSABLE = "Body is unusable: Body has already been read";
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** A whole body both ways: `text` is `bytes` decoded as UTF-8. */
export interface WholeBody {
  bytes: Uint8Array<ArrayBuffer>;
  text: string;
}

/** The body as bytes, as text, or both; null for a response without a body. */
type Content =
  | { bytes: Uint8Array<ArrayBuffer>; text?: string }
  | { bytes?: Uint8Array<ArrayBuffer>; text: string }
  | null;

export class BufferedResponse extends Response {
  #content: Content;
  #used = false;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;

  /** `body` is the whole body (bytes, text to be sent as UTF-8, or both), or null when there is none. */
  constructor(body: Uint8Array<ArrayBuffer> | string | WholeBody | null, init: ResponseInit) {
    super(null, init);
    if (body === null || body instanceof Uint8Array) this.#content = body && { bytes: body };
    else this.#content = typeof body === "string" ? { text: body } : { bytes: body.bytes, text: body.text };
  }

  /** Reads the body (it counts as used) as bytes and text at once, decoding it a single time. */
  async readWhole(): Promise<WholeBody> {
    if (this.#stream) {
      const bytes = new Uint8Array(await new Response(this.#stream).arrayBuffer());
      return { bytes, text: utf8.decode(bytes) };
    }
    this.#claim();
    return { bytes: this.#bytes(), text: this.#text() };
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#content === null) return null;
    this.#stream ??= this.#streamOf(this.#bytes());
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#stream) return new Response(this.#stream).arrayBuffer();
    this.#claim();
    // A copy: the caller may write into it, and clones share the buffer.
    return this.#bytes().slice().buffer as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async blob(): Promise<Blob> {
    if (this.#stream) return new Response(this.#stream, { headers: this.headers }).blob();
    this.#claim();
    return new Blob([this.#bytes()], {
      type: this.headers.get("content-type") ?? "",
    });
  }

  override async formData(): Promise<FormData> {
    if (this.#stream) return new Response(this.#stream, { headers: this.headers }).formData();
    this.#claim();
    return new Response(this.#bytes(), { headers: this.headers }).formData();
  }

  override async text(): Promise<string> {
    if (this.#stream) return new Response(this.#stream).text();
    this.#claim();
    return this.#text();
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override clone(): BufferedResponse {
    this.#checkCloneable();
    const copy = new BufferedResponse(null, this.#init());
    // Sharing is safe: the content is never changed, only completed (bytes or text filled in once).
    copy.#content = this.#content;
    return copy;
  }

  /** For subclasses: marks the body read, or throws if it already was. */
  protected claimBody(): void {
    this.#claim();
  }

  /** For subclasses: whether `body` was handed out, so reads must go through that stream. */
  protected get streamed(): boolean {
    return this.#stream !== undefined;
  }

  /** For subclasses: throws the TypeError Response.clone throws once the body has been read. */
  protected checkCloneable(): void {
    this.#checkCloneable();
  }

  /** For subclasses: the status, status text and a copy of the headers. */
  protected initForCopy(): ResponseInit {
    return this.#init();
  }

  /** For subclasses: the body both ways, without counting as a read. */
  protected wholeBody(): WholeBody {
    return { bytes: this.#bytes(), text: this.#text() };
  }

  #claim(): void {
    if (this.#used) throw new TypeError(BODY_UNUSABLE);
    this.#used = true;
  }

  #checkCloneable(): void {
    if (this.#used || this.#stream?.locked)
      throw new TypeError("Response.clone: Body has already been consumed.");
  }

  #init(): ResponseInit {
    return { status: this.status, statusText: this.statusText, headers: new Headers(this.headers) };
  }

  #bytes(): Uint8Array<ArrayBuffer> {
    const content = this.#content;
    if (content === null) return new Uint8Array(0);
    content.bytes ??= encoder.encode(content.text);
    return content.bytes;
  }

  #text(): string {
    const content = this.#content;
    if (content === null) return "";
    content.text ??= utf8.decode(content.bytes);
    return content.text;
  }

  /** A stream that hands over the bytes on its first read (not before), and counts that as use. */
  #streamOf(bytes: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array<ArrayBuffer>> {
    return new ReadableStream<Uint8Array<ArrayBuffer>>(
      {
        pull: (controller) => {
          this.#used = true;
          controller.enqueue(bytes.slice());
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
  }
}

/**
 * A JSON response already parsed (safely) by the middleware: `json()` returns that value instead of
 * parsing again; `text()` and the other reads answer from the text the value came from.
 */
export class ParsedJsonResponse extends BufferedResponse {
  #value: unknown;

  /** `value` is the body parsed; a clone passes NOT_PARSED_YET and parses on its first `json()`. */
  constructor(body: Uint8Array<ArrayBuffer> | WholeBody, value: unknown, init: ResponseInit) {
    super(body, init);
    this.#value = value;
  }

  override async json(): Promise<unknown> {
    if (this.#value === NOT_PARSED_YET || this.streamed) return parseOrThrow(await this.text());
    this.claimBody();
    return this.#value;
  }

  /** The clone parses the text again when read, so the two never share (and mutate) one object. */
  override clone(): ParsedJsonResponse {
    this.checkCloneable();
    return new ParsedJsonResponse(this.wholeBody(), NOT_PARSED_YET, this.initForCopy());
  }
}

const NOT_PARSED_YET = Symbol("not parsed yet");

function parseOrThrow(text: string): unknown {
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}
