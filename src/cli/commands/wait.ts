/**
 * `orders wait`: polls the provisioning status until every line item is settled, showing progress.
 * It polls itself (rather than calling waitUntilProvisioned) to report each poll as it arrives.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { isOrderProvisioned, type OrderLineItemProvisioningStatus } from "../../index.js";
import { guidOption } from "../checks.js";
import { CommandFailure } from "../cli-errors.js";
import { type CommandSpec, usageLine } from "../command.js";
import { durationOption } from "../context.js";
import { formatDuration } from "../duration.js";
import { ExitCode } from "../exit-codes.js";
import { formatProvisioning, summarizeProvisioning } from "../format-orders.js";
import { createProgress } from "../progress.js";
import { CUSTOMER, ORDER } from "./shared-options.js";

export const waitCommand: CommandSpec = {
  name: "orders wait",
  summary: "Wait until every line item of an order is provisioned (fulfilled or unfulfilled).",
  synopsis: "--customer <id> --order <id> [--timeout 15m] [--interval 15s]",
  options: {
    customer: CUSTOMER,
    order: ORDER,
    timeout: {
      type: "string",
      value: "<duration>",
      description: "Give up after this long (exit 1). Default: 15m.",
    },
    interval: { type: "string", value: "<duration>", description: "Pause between polls. Default: 15s." },
  },
  notes: ["Ctrl-C stops waiting (exit 130); the order itself is not affected."],
  async run(context, values) {
    const usage = usageLine(waitCommand);
    const customerId = guidOption(values.customer, "customer", usage);
    const orderId = String(values.order);
    const timeoutInMs = durationOption(String(values.timeout ?? "15m"), "--timeout", usage);
    const intervalInMs = durationOption(String(values.interval ?? "15s"), "--interval", usage);
    const client = context.client();
    const progress = createProgress(context.terminal.stderr, context.quiet);
    const started = Date.now();
    let summary = "asking for the status";
    const show = () =>
      progress.update(
        summary,
        `Waiting for order ${orderId}: ${summary} [${formatDuration(Date.now() - started)}]`,
      );
    const ticker = context.terminal.stderr.isTTY ? setInterval(show, 1000) : undefined;
    try {
      for (;;) {
        const lines: OrderLineItemProvisioningStatus[] = await client.orders.getProvisioningStatus(
          customerId,
          orderId,
          { abortSignal: context.abortSignal },
        );
        summary = summarizeProvisioning(lines);
        show();
        if (isOrderProvisioned(lines)) {
          progress.done(true);
          context.print(lines, (style) => formatProvisioning(lines, style));
          return ExitCode.Success;
        }
        const remaining = started + timeoutInMs - Date.now();
        if (remaining <= 0) {
          throw new CommandFailure(
            `Order ${orderId} was not provisioned within ${formatDuration(timeoutInMs)} (${summary}); the order is unaffected.`,
          );
        }
        await sleep(Math.min(intervalInMs, remaining), undefined, { signal: context.abortSignal });
      }
    } finally {
      if (ticker) clearInterval(ticker);
      progress.done();
    }
  },
};
