/**
 * The service reads property names in either casing (the .NET SDK sends `LineItems`, `OfferId`; the
 * documentation's newer examples `lineItems`): the emulator reads an order body with camelCase names.
 * When a body carries both spellings of a name, the camelCase one wins.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function camelKeys(value: unknown): unknown {
  if (!isObject(value)) return value;
  const result: Json = {};
  const entries = Object.entries(value);
  // PascalCase first, so a camelCase spelling of the same name overwrites it.
  entries.sort(
    ([a], [b]) =>
      Number(a.charAt(0) === a.charAt(0).toLowerCase()) - Number(b.charAt(0) === b.charAt(0).toLowerCase()),
  );
  for (const [key, item] of entries) result[key.charAt(0).toLowerCase() + key.slice(1)] = item;
  return result;
}

/** An order body (create or PATCH) with camelCase names on the order, its line items and their terms. */
export function camelCaseOrderBody(body: unknown): unknown {
  const order = camelKeys(body);
  if (!isObject(order)) return order;
  if (Array.isArray(order.lineItems)) {
    order.lineItems = order.lineItems.map((line) => {
      const item = camelKeys(line);
      if (!isObject(item)) return item;
      for (const nested of ["renewsTo", "purchaseCommitment"]) {
        const value = item[nested];
        item[nested] = Array.isArray(value) ? value.map(camelKeys) : camelKeys(value);
      }
      return item;
    });
  }
  return order;
}

/** `true`, or the text `true` in any case (the SDK sends `True`). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}
