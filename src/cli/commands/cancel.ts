/** `orders cancel`: cancels an order or some of its line items, after asking (unless --yes). */
import { guidOption, integerListOption } from "../checks.js";
import { type CommandSpec, usageLine } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { formatOrder } from "../format-orders.js";
import { CUSTOMER, ORDER, YES } from "./shared-options.js";

export const cancelCommand: CommandSpec = {
  name: "orders cancel",
  summary: "Cancel an order, or some of its line items (only purchases the service allows to cancel).",
  synopsis: "--customer <id> --order <id> [--lines 0,2] [--yes]",
  options: {
    customer: CUSTOMER,
    order: ORDER,
    lines: {
      type: "string",
      value: "<n,n>",
      description: "Cancel only these line items (comma-separated numbers).",
    },
    yes: YES,
  },
  async run(context, values) {
    const usage = usageLine(cancelCommand);
    const customerId = guidOption(values.customer, "customer", usage);
    const orderId = String(values.order);
    const lineItemNumbers =
      values.lines === undefined ? undefined : integerListOption(values.lines, "lines", usage);
    const what =
      lineItemNumbers === undefined ? "every line item" : `line items ${lineItemNumbers.join(", ")}`;
    context.info(`Cancel order ${orderId} of customer ${customerId}: ${what}.`);
    if (values.yes !== true) {
      const yes = await context.confirm("Cancel it?", "orders cancel changes a purchase.");
      if (!yes) {
        context.terminal.stderr.write("Not cancelled.\n");
        return ExitCode.Failure;
      }
    }
    const order = await context.client().orders.cancel(customerId, orderId, {
      lineItemNumbers,
      abortSignal: context.abortSignal,
    });
    context.print(order, (style) => formatOrder(order, style));
    return ExitCode.Success;
  },
};
