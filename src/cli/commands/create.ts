/** `orders create`: places an order, after showing it and asking (unless --yes). */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { CreateOrderInput, CreateOrderLineItemInput } from "../../index.js";
import { guidOption, integerOption } from "../checks.js";
import { addAfterword, UsageError } from "../cli-errors.js";
import { type CommandSpec, type OptionValues, PROGRAM, usageLine } from "../command.js";
import type { CommandContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { outcomeUnknown } from "../failure.js";
import { formatOrder } from "../format-orders.js";
import { shellCommand } from "../shell-quote.js";
import { CUSTOMER, YES } from "./shared-options.js";

/** Options that describe the order on the command line; --file replaces all of them. */
const LINE_OPTIONS = ["offer", "quantity", "term", "billing", "friendly-name"] as const;

export const createCommand: CommandSpec = {
  name: "orders create",
  summary: "Place an order: buys licences billed to your partner account.",
  synopsis:
    "--customer <id> (--offer <offerId> --quantity <n> [--term P1Y] [--billing monthly] [--friendly-name <name>] | --file <order.json>) [--request-id <id>] [--yes]",
  options: {
    customer: CUSTOMER,
    offer: {
      type: "string",
      value: "<offerId>",
      description: "Catalog item id (PRODUCT:SKU:AVAILABILITY) or offer id.",
    },
    quantity: { type: "string", value: "<n>", description: "Licences to buy (with --offer)." },
    term: { type: "string", value: "<duration>", description: "Term as ISO 8601, such as P1M or P1Y." },
    billing: { type: "string", value: "<cycle>", description: "Billing cycle, such as monthly or annual." },
    "friendly-name": { type: "string", value: "<name>", description: "Name of the new subscription." },
    file: {
      type: "string",
      value: "<order.json>",
      description: 'The whole order as JSON ({"lineItems": [...]}), for several line items.',
    },
    "request-id": {
      type: "string",
      value: "<id>",
      description: "Idempotency key (GUID). Reuse the one printed after a failure: never buys twice.",
    },
    yes: YES,
  },
  notes: [
    "Each create sends one MS-RequestId, printed before the order is sent. When no answer arrives, the\n" +
      "order may or may not exist: run the printed command again (same --request-id) to find out; the\n" +
      "service answers with the existing order instead of placing a second one.",
  ],
  run: runCreate,
};

async function runCreate(context: CommandContext, values: OptionValues): Promise<ExitCode> {
  const usage = usageLine(createCommand);
  const customerId = guidOption(values.customer, "customer", usage);
  // Chosen here, not left to the client, so it is on screen before anything is sent: even a process
  // killed mid-call leaves the id to replay with.
  const requestId =
    values["request-id"] === undefined ? randomUUID() : guidOption(values["request-id"], "request-id", usage);
  const order = await readOrder(values, usage);

  context.info(describeOrder(customerId, order));
  if (values.yes !== true) {
    const yes = await context.confirm("Place this order?", "orders create places a purchase.");
    if (!yes) {
      context.terminal.stderr.write("Not ordered.\n");
      return ExitCode.Failure;
    }
  }
  context.info(`Placing the order (request id ${requestId})…`);
  try {
    const created = await context.client().orders.create(customerId, order, {
      requestId,
      abortSignal: context.abortSignal,
    });
    context.print(created, (style) => formatOrder(created, style));
    return ExitCode.Success;
  } catch (error) {
    if (outcomeUnknown(error, context.abortSignal.aborted)) {
      addAfterword(
        error,
        `The order may or may not have been placed (request id ${requestId}). To find out without buying\n` +
          "twice, run this command; it answers with the order if it exists, or places it once:\n" +
          `  ${replayCommand(context.argv, requestId)}\n`,
      );
    }
    throw error;
  }
}

async function readOrder(values: OptionValues, usage: string): Promise<CreateOrderInput> {
  if (values.file !== undefined) {
    const mixed = LINE_OPTIONS.filter((name) => values[name] !== undefined);
    if (mixed.length > 0)
      throw new UsageError(`--file describes the whole order; leave out --${mixed.join(", --")}.`, usage);
    return readOrderFile(String(values.file), usage);
  }
  if (values.offer === undefined || values.quantity === undefined)
    throw new UsageError("Give --offer and --quantity, or --file.", usage);
  const line: CreateOrderLineItemInput = {
    offerId: String(values.offer),
    quantity: integerOption(values.quantity, "quantity", 1, usage),
  };
  if (values.term !== undefined) line.termDuration = String(values.term);
  if (values["friendly-name"] !== undefined) line.friendlyName = String(values["friendly-name"]);
  const order: CreateOrderInput = { lineItems: [line] };
  if (values.billing !== undefined)
    order.billingCycle = String(values.billing) as CreateOrderInput["billingCycle"];
  return order;
}

async function readOrderFile(path: string, usage: string): Promise<CreateOrderInput> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `--file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
      usage,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--file ${path} is not JSON: ${(error as Error).message}`, usage);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !Array.isArray((parsed as { lineItems?: unknown }).lineItems)
  )
    throw new UsageError(`--file ${path} must hold an object with a "lineItems" array.`, usage);
  return parsed as CreateOrderInput;
}

/** What will be bought, shown before the question. */
function describeOrder(customerId: string, order: CreateOrderInput): string {
  const lines = order.lineItems.map((line, index) => {
    const extras = [
      line.termDuration ? `term ${line.termDuration}` : undefined,
      line.friendlyName ? `"${line.friendlyName}"` : undefined,
    ].filter(Boolean);
    return `  line ${line.lineItemNumber ?? index}: ${line.quantity ?? "?"} × ${line.offerId}${extras.length ? ` (${extras.join(", ")})` : ""}`;
  });
  const billing = order.billingCycle ? `\n  billing cycle: ${order.billingCycle}` : "";
  return `Order for customer ${customerId}:\n${lines.join("\n")}${billing}`;
}

/** The same command line with the request id, ready to paste. */
export function replayCommand(argv: readonly string[], requestId: string): string {
  const kept: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] as string;
    if (word === "--request-id") {
      index++;
      continue;
    }
    if (word.startsWith("--request-id=")) continue;
    kept.push(word);
  }
  return shellCommand([PROGRAM, ...kept, "--request-id", requestId]);
}
