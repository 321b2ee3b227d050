/** `orders get`: shows one order. */
import { guidOption } from "../checks.js";
import { type CommandSpec, usageLine } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { formatOrder } from "../format-orders.js";
import { CUSTOMER, ORDER } from "./shared-options.js";

export const getCommand: CommandSpec = {
  name: "orders get",
  summary: "Show one order and its line items.",
  synopsis: "--customer <id> --order <id> [--include-price]",
  options: {
    customer: CUSTOMER,
    order: ORDER,
    "include-price": { type: "boolean", description: "Include the total price and line pricing." },
  },
  async run(context, values) {
    const customerId = guidOption(values.customer, "customer", usageLine(getCommand));
    const order = await context.client().orders.get(customerId, String(values.order), {
      includePrice: values["include-price"] === true ? true : undefined,
      abortSignal: context.abortSignal,
    });
    context.print(order, (style) => formatOrder(order, style));
    return ExitCode.Success;
  },
};
