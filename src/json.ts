/**
 * JSON parsing for bodies that come from the network. JSON.parse itself never touches prototypes, but
 * an own `__proto__` or `constructor` key becomes dangerous as soon as someone merges the object
 * (`Object.assign`, spread into a class, lodash.merge...), so such keys are dropped while parsing.
 */

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

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
  // A key decodes to a forbidden name only if the name is spelt out or written with a `\u` escape.
  // Three plain searches ("proto" covers __proto__ and prototype) beat one alternation regex.
  return text.includes("proto") || text.includes("constructor") || text.includes("\\u");
}

export function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || mediaType === "text/json" || mediaType.endsWith("+json");
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
