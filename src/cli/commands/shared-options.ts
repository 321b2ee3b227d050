/** Options several commands share. */
import type { OptionSpec } from "../command.js";

export const CUSTOMER: OptionSpec = {
  type: "string",
  value: "<id>",
  description: "The customer's tenant id (a GUID).",
  required: true,
};

export const ORDER: OptionSpec = {
  type: "string",
  value: "<id>",
  description: "The order id.",
  required: true,
};

export const YES: OptionSpec = {
  type: "boolean",
  short: "y",
  description: "Do not ask for confirmation (required when not on a terminal).",
};
