/**
 * The Response subclasses, loaded on first use. Declaring `class … extends Response` reads the global
 * Response, which makes Node load its bundled undici (about 20 ms); deferring it keeps importing this
 * package as cheap as importing openapi-fetch, and the first request pays what it pays anyway.
 */
type ResponseClasses = typeof import("./buffered-response.js");

let loading: Promise<ResponseClasses> | undefined;

export function responseClasses(): Promise<ResponseClasses> {
  loading ??= import("./buffered-response.js");
  return loading;
}
