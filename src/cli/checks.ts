/**
 * Early checks of option values, so a typo is reported before a confirmation prompt or a token command.
 * The client checks the same values again before sending.
 */
import { isGuid } from "../arguments.js";
import { UsageError } from "./cli-errors.js";

export function guidOption(value: unknown, name: string, usage: string): string {
  const text = String(value);
  if (!isGuid(text)) {
    throw new UsageError(`--${name} must be a GUID such as 4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04.`, usage);
  }
  return text;
}

export function integerOption(value: unknown, name: string, minimum: number, usage: string): number {
  const text = String(value).trim();
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < minimum) {
    throw new UsageError(`--${name} must be a whole number of at least ${minimum}, not "${text}".`, usage);
  }
  return number;
}

/** `0,2` → [0, 2]. */
export function integerListOption(value: unknown, name: string, usage: string): number[] {
  const parts = String(value).split(",");
  return parts.map((part) => integerOption(part, name, 0, usage));
}
