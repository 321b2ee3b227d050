/**
 * Checks of what the caller passes, made before anything is sent. Only client-side facts are checked
 * (shapes, ranges, ids that would change the URL); business rules are the service's to judge.
 * TypeError for a wrong type or a malformed string, RangeError for a value out of range.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One URL path segment: unreserved characters only, so nothing can add a segment or escape one. */
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const MAX_ID_LENGTH = 256;
const INT32_MAX = 2_147_483_647;

/** The most line items one order may carry here. The service documents no limit; 100 keeps a typo from becoming a giant purchase. */
export const MAX_LINE_ITEMS_PER_ORDER = 100;

/** True for a GUID in its usual 8-4-4-4-12 hexadecimal form, any case. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function checkGuid(value: unknown, name: string): string {
  if (typeof value !== "string")
    throw new TypeError(`${name} must be a string (a GUID), got ${typeof value}.`);
  if (!isGuid(value))
    throw new TypeError(`${name} must be a GUID such as 4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04.`);
  return value;
}

export function checkPathId(value: unknown, name: string): string {
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, got ${typeof value}.`);
  if (value.length === 0) throw new TypeError(`${name} must not be empty.`);
  if (value.length > MAX_ID_LENGTH)
    throw new RangeError(`${name} must be at most ${MAX_ID_LENGTH} characters.`);
  if (!PATH_SEGMENT.test(value) || /^\.+$/.test(value)) {
    throw new TypeError(
      `${name} may only contain letters, digits and "-", "_", ".", "~" (no "/", "%", spaces, and not only dots such as "..").`,
    );
  }
  return value;
}

export function checkInteger(value: unknown, name: string, minimum: number, maximum = INT32_MAX): number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${typeof value}.`);
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new RangeError(`${name} must be an integer from ${minimum} to ${maximum}, got ${value}.`);
  }
  return value;
}

/** Durations: finite and positive (zero only where `allowZero`). */
export function checkDuration(value: unknown, name: string, allowZero = false): number {
  if (typeof value !== "number")
    throw new TypeError(`${name} must be a number of milliseconds, got ${typeof value}.`);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(
      `${name} must be a ${allowZero ? "non-negative" : "positive"} finite number, got ${value}.`,
    );
  }
  return value;
}

export function checkNonEmptyString(value: unknown, name: string, maxLength = MAX_ID_LENGTH): string {
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, got ${typeof value}.`);
  if (value.trim() === "") throw new TypeError(`${name} must not be empty.`);
  if (value.length > maxLength) throw new RangeError(`${name} must be at most ${maxLength} characters.`);
  return value;
}

/** Values that end up in an HTTP header: printable, no line breaks. */
export function checkHeaderValue(value: unknown, name: string, pattern?: RegExp): string {
  const text = checkNonEmptyString(value, name);
  if (!/^[\x20-\x7E]+$/.test(text) || (pattern && !pattern.test(text))) {
    throw new TypeError(
      `${name} has a form that cannot be sent (${pattern ? `expected ${pattern}` : "printable ASCII"}).`,
    );
  }
  return text;
}

export function checkObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object.`);
  }
  return value as Record<string, unknown>;
}

export function checkBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeof value}.`);
  return value;
}

/** Options every method takes. */
export interface CommonOptionsLike {
  abortSignal?: unknown;
  requestId?: unknown;
  correlationId?: unknown;
  timeoutInMs?: unknown;
}

export function checkCommonOptions(options: CommonOptionsLike | undefined): void {
  if (options === undefined) return;
  checkObject(options, "options");
  if (options.abortSignal !== undefined && !(options.abortSignal instanceof AbortSignal)) {
    throw new TypeError("options.abortSignal must be an AbortSignal.");
  }
  if (options.requestId !== undefined) checkGuid(options.requestId, "options.requestId");
  if (options.correlationId !== undefined) checkGuid(options.correlationId, "options.correlationId");
  if (options.timeoutInMs !== undefined) checkDuration(options.timeoutInMs, "options.timeoutInMs");
}

/** Line numbers must be exactly 0..n-1 (the service answers 800071 otherwise). */
export function checkLineItemNumbers(numbers: readonly number[], name: string): void {
  const sorted = [...numbers].sort((a, b) => a - b);
  sorted.forEach((n, index) => {
    if (n !== index) {
      throw new RangeError(
        `${name}: line item numbers must be exactly 0 to ${numbers.length - 1}, each once; got ${numbers.join(", ")}.`,
      );
    }
  });
}

export function checkLineItemCount(count: number, name: string, minimum = 1): void {
  if (count < minimum)
    throw new RangeError(`${name} must hold at least ${minimum} line item${minimum === 1 ? "" : "s"}.`);
  if (count > MAX_LINE_ITEMS_PER_ORDER) {
    throw new RangeError(
      `${name} holds ${count} line items; at most ${MAX_LINE_ITEMS_PER_ORDER} are allowed per order.`,
    );
  }
}

/** For properties the service owns or rejects: absent or null only. */
export function checkAbsent(
  object: Record<string, unknown>,
  keys: readonly string[],
  where: string,
  why: string,
): void {
  for (const key of keys) {
    if (object[key] !== undefined && object[key] !== null)
      throw new TypeError(`${where}.${key} must not be set: ${why}`);
  }
}

/**
 * Reads `keys` from the caller's object once, own properties only (a polluted Object.prototype adds
 * nothing), into a frozen record: what is checked is what is used.
 */
export function copyOwn<K extends string>(
  value: unknown,
  name: string,
  keys: readonly K[],
): Readonly<Record<K, unknown>> {
  const source = checkObject(value, name);
  const copy = {} as Record<K, unknown>;
  for (const key of keys) copy[key] = Object.hasOwn(source, key) ? source[key] : undefined;
  return Object.freeze(copy);
}

/**
 * A plain-data copy of a request body, made once before it is checked: getters run once, prototypes
 * and functions are gone, so the body checked is the body sent. Cycles and BigInts are a TypeError.
 */
export function copyJson(value: unknown, name: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (key, item: unknown) => {
      // JSON would turn these into null; say what is wrong with the number instead.
      if (typeof item === "number" && !Number.isFinite(item)) {
        throw new RangeError(`${key || name} must be an integer (a finite number), got ${item}.`);
      }
      return item;
    });
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new TypeError(
      `${name} cannot be sent as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (text === undefined) throw new TypeError(`${name} must be an object.`);
  return JSON.parse(text, (key, item: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : item));
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
