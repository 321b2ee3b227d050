/**
 * What a command is: its options (parsed by node:util parseArgs, which also checks them) and what it
 * runs. Help text is generated from the same description, so it cannot drift from the parser.
 */
import { parseArgs } from "node:util";
import { UsageError } from "./cli-errors.js";
import type { CommandContext } from "./context.js";
import type { ExitCode } from "./exit-codes.js";

export const PROGRAM = "partner-center-orders";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** Placeholder of the value in help, such as `<id>`. */
  value?: string;
  description: string;
  required?: boolean;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandSpec {
  /** Words after the program name, such as `orders create`. */
  name: string;
  summary: string;
  /** The options part of the usage line. */
  synopsis: string;
  options: Record<string, OptionSpec>;
  /** Extra paragraphs for --help. */
  notes?: string[];
  run(context: CommandContext, values: OptionValues): Promise<ExitCode>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  output: {
    type: "string",
    short: "o",
    value: "table|json",
    description: "Output format. Default: table on a terminal, json when piped.",
  },
  quiet: { type: "boolean", short: "q", description: "Print only the result (and errors)." },
  verbose: { type: "boolean", description: "Log each HTTP attempt on stderr (never headers or tokens)." },
  endpoint: {
    type: "string",
    value: "<url>",
    description: "API root. Default: PARTNER_CENTER_ENDPOINT, else the global endpoint.",
  },
  "token-command": {
    type: "string",
    value: '"<cmd>"',
    description: "A shell command that prints an access token. Default: PARTNER_CENTER_TOKEN.",
  },
  "token-command-timeout": {
    type: "string",
    value: "<duration>",
    description: "Limit for --token-command. Default: 30s.",
  },
  help: { type: "boolean", short: "h", description: "Show this help." },
};

export function usageLine(spec: CommandSpec): string {
  return `${PROGRAM} ${spec.name} ${spec.synopsis}`.trimEnd();
}

/** Parses the words after the command name; mistakes become UsageError (exit code 2). */
export function parseOptions(spec: CommandSpec, args: readonly string[]): OptionValues {
  const all = { ...spec.options, ...GLOBAL_OPTIONS };
  const config = Object.fromEntries(
    Object.entries(all).map(([name, option]) => [
      name,
      option.short === undefined ? { type: option.type } : { type: option.type, short: option.short },
    ]),
  );
  let values: OptionValues;
  try {
    values = parseArgs({ args: [...args], options: config, strict: true, allowPositionals: false })
      .values as OptionValues;
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(firstSentence(error.message), usageLine(spec));
    throw error;
  }
  if (values.help) return values;
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required && (values[name] === undefined || values[name] === "")) {
      throw new UsageError(`Missing --${name}.`, usageLine(spec));
    }
  }
  return values;
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
}

/** parseArgs explains how to pass a value starting with "-"; the first sentence is the mistake. */
function firstSentence(message: string): string {
  const end = message.search(/\.\s/);
  return end === -1 ? message : message.slice(0, end + 1);
}

export function renderOptions(options: Record<string, OptionSpec>): string {
  const rows = Object.entries(options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : "    "}--${name}${option.value ? ` ${option.value}` : ""}`;
    return [flag, `${option.description}${option.required ? " Required." : ""}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`).join("\n");
}

export function renderCommandHelp(spec: CommandSpec): string {
  const parts = [
    `${spec.summary}\n`,
    `Usage: ${usageLine(spec)}\n`,
    `Options:\n${renderOptions(spec.options)}\n`,
    `Global options:\n${renderOptions(GLOBAL_OPTIONS)}\n`,
    ...(spec.notes ?? []).map((note) => `${note}\n`),
    `${EXIT_CODES_HELP}\n`,
  ];
  return parts.join("\n");
}

export const EXIT_CODES_HELP =
  "Exit codes: 0 success, 1 service, network or credential error (or a declined confirmation),\n" +
  "2 bad arguments, 3 not found, 130 interrupted (Ctrl-C).";
