/** The batch both throttling figures run: gets of one order per customer id, `width` in flight. */
import { orderId } from "./fixtures.mjs";

/**
 * Runs one `client.orders.get` per entry of `customerIds`, at most `width` at a time; counts the
 * successes and the failures by HTTP status or error code.
 * @param {{ orders: { get(customerId: string, orderId: string): Promise<unknown> } }} client
 * @param {string[]} customerIds
 * @param {number} width
 */
export async function runGetBatch(client, customerIds, width) {
  let next = 0;
  let ok = 0;
  /** @type {Record<string, number>} */
  const failures = {};
  const worker = async () => {
    while (next < customerIds.length) {
      const customerId = customerIds[next++];
      try {
        await client.orders.get(customerId, orderId(0));
        ok++;
      } catch (error) {
        const code = error?.statusCode
          ? `HTTP ${error.statusCode}`
          : (error?.code ?? error?.name ?? "unknown");
        failures[code] = (failures[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return { ok, failures };
}
