/** `orders status`: the provisioning state of each line item, once. */
import { guidOption } from "../checks.js";
import { type CommandSpec, usageLine } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { formatProvisioning } from "../format-orders.js";
import { CUSTOMER, ORDER } from "./shared-options.js";

export const statusCommand: CommandSpec = {
  name: "orders status",
  summary: "Show the provisioning status of each line item of an order.",
  synopsis: "--customer <id> --order <id>",
  options: { customer: CUSTOMER, order: ORDER },
  async run(context, values) {
    const customerId = guidOption(values.customer, "customer", usageLine(statusCommand));
    const lines = await context.client().orders.getProvisioningStatus(customerId, String(values.order), {
      abortSignal: context.abortSignal,
    });
    context.print(lines, (style) => formatProvisioning(lines, style));
    return ExitCode.Success;
  },
};
