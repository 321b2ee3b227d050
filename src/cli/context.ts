/**
 * What a command works with: the chosen output format, stderr messages that respect --quiet, the
 * client (made on first use), the Ctrl-C signal and the confirmation prompt.
 */
import { createRequire } from "node:module";
import { PartnerCenterClient, type PartnerCenterLogger } from "../index.js";
import { UsageError } from "./cli-errors.js";
import { type OptionValues, PROGRAM } from "./command.js";
import { confirm } from "./confirm.js";
import { parseDuration } from "./duration.js";
import { type Style, styleFor, useColour } from "./style.js";
import { canPrompt, type Terminal } from "./terminal.js";
import {
  type CredentialError,
  DEFAULT_TOKEN_COMMAND_TIMEOUT_IN_MS,
  resolveCredential,
} from "./token-command.js";

export type OutputFormat = "table" | "json";

export interface CommandContext {
  readonly terminal: Terminal;
  readonly format: OutputFormat;
  readonly quiet: boolean;
  /** Styles for stdout and stderr (plain unless that stream is a colour terminal). */
  readonly style: Style;
  readonly errorStyle: Style;
  /** Aborted on Ctrl-C. */
  readonly abortSignal: AbortSignal;
  /** The words the program was started with, after its name. */
  readonly argv: readonly string[];
  /** Prints the result on stdout: as JSON, or through `table` for --output table. */
  print(data: unknown, table: (style: Style) => string): void;
  /** A message on stderr, unless --quiet. */
  info(message: string): void;
  /** A client for this command's endpoint and credentials. Credentials are checked on the first call. */
  client(): PartnerCenterClient;
  /** Why the token command failed, when it did (the client's own error withholds the reason). */
  readonly credentialFailure: CredentialError | undefined;
  /** Asks on the terminal; throws UsageError when there is no terminal to ask on. */
  confirm(question: string, whyYesIsNeeded: string): Promise<boolean>;
}

export const VERSION: string = (createRequire(import.meta.url)("../../package.json") as { version: string })
  .version;

export function createContext(
  terminal: Terminal,
  values: OptionValues,
  argv: readonly string[],
  abortSignal: AbortSignal,
  interrupt: () => void,
  usage: string,
): CommandContext {
  const format = chooseFormat(values.output, terminal, usage);
  const quiet = values.quiet === true;
  const verbose = values.verbose === true;
  const style = styleFor(useColour(terminal.stdout, terminal.env));
  const errorStyle = styleFor(useColour(terminal.stderr, terminal.env));
  const tokenCommandTimeoutInMs =
    values["token-command-timeout"] === undefined
      ? DEFAULT_TOKEN_COMMAND_TIMEOUT_IN_MS
      : durationOption(String(values["token-command-timeout"]), "--token-command-timeout", usage);
  let client: PartnerCenterClient | undefined;
  let credentialFailure: CredentialError | undefined;

  return {
    terminal,
    format,
    quiet,
    style,
    errorStyle,
    abortSignal,
    argv,
    print(data, table) {
      terminal.stdout.write(format === "json" ? `${JSON.stringify(data, null, 2)}\n` : table(style));
    },
    info(message) {
      if (!quiet) terminal.stderr.write(`${message}\n`);
    },
    client() {
      client ??= new PartnerCenterClient({
        credential: resolveCredential({
          tokenCommand: values["token-command"] as string | undefined,
          tokenCommandTimeoutInMs,
          env: terminal.env,
          onFailure: (error) => {
            credentialFailure = error;
          },
        }),
        endpoint:
          (values.endpoint as string | undefined) ?? (terminal.env.PARTNER_CENTER_ENDPOINT || undefined),
        applicationName: `${PROGRAM}-cli/${VERSION}`,
        logger: createLogger(terminal, errorStyle, { quiet, verbose }),
      });
      return client;
    },
    get credentialFailure() {
      return credentialFailure;
    },
    async confirm(question, whyYesIsNeeded) {
      if (!canPrompt(terminal)) {
        throw new UsageError(`${whyYesIsNeeded} No terminal to confirm on: pass --yes.`, usage);
      }
      const yes = await confirm(terminal, question, interrupt);
      // Ctrl-C at the prompt is an interruption (exit 130), not a "no".
      if (abortSignal.aborted) throw abortSignal.reason;
      return yes;
    },
  };
}

function chooseFormat(value: unknown, terminal: Terminal, usage: string): OutputFormat {
  if (value === undefined) return terminal.stdout.isTTY === true ? "table" : "json";
  if (value === "table" || value === "json") return value;
  throw new UsageError(`--output must be table or json, not "${String(value)}".`, usage);
}

export function durationOption(text: string, name: string, usage: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new UsageError(`${name} must be a duration such as 90s, 15m or 1h30m, not "${text}".`, usage);
  return ms;
}

/**
 * Client log lines on stderr: retries and waits unless --quiet, every attempt with --verbose. The
 * client never passes headers, bodies or tokens to its logger.
 */
function createLogger(
  terminal: Terminal,
  style: Style,
  { quiet, verbose }: { quiet: boolean; verbose: boolean },
): PartnerCenterLogger {
  const line = (label: string, message: string, context?: Record<string, unknown>) => {
    const details = Object.entries(context ?? {})
      .filter(([, value]) => ["string", "number", "boolean"].includes(typeof value))
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(" ");
    terminal.stderr.write(`${label} ${message}${details ? ` ${style.dim(details)}` : ""}\n`);
  };
  return {
    debug: verbose ? (message, context) => line(style.dim("debug"), message, context) : undefined,
    warn: quiet ? undefined : (message, context) => line(style.yellow("warn"), message, context),
  };
}
