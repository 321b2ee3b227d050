/**
 * JSON parsing for bodies that come from the network. JSON.parse itself never touches prototypes, but
 * an own `__proto__` or `constructor` key becomes dangerous as soon as someone merges the object
 * (`Object.assign`, spread into a class, lodash.merge...), so such keys are dropped while parsing.
 */

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/**
 * A key decodes to a forbidden name only if that name is spelt out in the text or written with a
 * `\u` escape, so text without either cannot hold one and skips the (much slower) reviver.
 */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: Error };

export function parseJsonSafely(text: string): JsonParseResult {
  try {
    const value: unknown = mayHoldForbiddenKey(text)
      ? JSON.parse(text, (key, value: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : value))
      : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** False when the text certainly has no `__proto__`, `constructor` or `prototype` key. */
export function mayHoldForbiddenKey(text: string): boolean {
  return MAY_HOLD_FORBIDDEN_KEY.test(text);
}

export function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || mediaType === "text/json" || mediaType.endsWith("+json");
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
