/** `orders list`: the customer's orders, one page or (--all) every page. */
import type { Order } from "../../index.js";
import { guidOption } from "../checks.js";
import { type CommandSpec, usageLine } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { formatOrderList } from "../format-orders.js";
import { CUSTOMER } from "./shared-options.js";

export const listCommand: CommandSpec = {
  name: "orders list",
  summary: "List a customer's orders.",
  synopsis: "--customer <id> [--billing-type <type>] [--indirect-reseller <id>] [--include-price] [--all]",
  options: {
    customer: CUSTOMER,
    "billing-type": {
      type: "string",
      value: "<type>",
      description: "Only this billing cycle, such as monthly or one_time.",
    },
    "indirect-reseller": {
      type: "string",
      value: "<id>",
      description: "Only orders for this indirect reseller (tenant id).",
    },
    "include-price": { type: "boolean", description: "Include total prices." },
    all: { type: "boolean", description: "Follow every page (default: the first page only)." },
  },
  async run(context, values) {
    const customerId = guidOption(values.customer, "customer", usageLine(listCommand));
    const pages = context
      .client()
      .orders.list(customerId, {
        billingType: values["billing-type"] as string | undefined,
        indirectResellerId: values["indirect-reseller"] as string | undefined,
        includePrice: values["include-price"] === true ? true : undefined,
        abortSignal: context.abortSignal,
      })
      .byPage();
    const orders: Order[] = [];
    for await (const page of pages) {
      orders.push(...page);
      if (values.all !== true) {
        if (page.continuationToken !== undefined)
          context.info("More orders exist: pass --all to list every page.");
        break;
      }
    }
    context.print(orders, (style) => formatOrderList(orders, style));
    return ExitCode.Success;
  },
};
