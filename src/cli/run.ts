/**
 * The command line: finds the command in the words given, parses its options, runs it, and turns any
 * failure into a message and an exit code. Everything it touches comes in through `terminal`.
 */
import { UsageError } from "./cli-errors.js";
import {
  type CommandSpec,
  EXIT_CODES_HELP,
  GLOBAL_OPTIONS,
  PROGRAM,
  parseOptions,
  renderCommandHelp,
  renderOptions,
  usageLine,
} from "./command.js";
import { cancelCommand } from "./commands/cancel.js";
import { createCommand } from "./commands/create.js";
import { getCommand } from "./commands/get.js";
import { listCommand } from "./commands/list.js";
import { statusCommand } from "./commands/status.js";
import { waitCommand } from "./commands/wait.js";
import { type CommandContext, createContext, VERSION } from "./context.js";
import { EMULATOR_SUMMARY, EMULATOR_USAGE, runEmulator } from "./emulator.js";
import { ExitCode } from "./exit-codes.js";
import { reportFailure } from "./failure.js";
import { styleFor, useColour } from "./style.js";
import type { Terminal } from "./terminal.js";

const ORDER_COMMANDS: readonly CommandSpec[] = [
  createCommand,
  getCommand,
  listCommand,
  cancelCommand,
  statusCommand,
  waitCommand,
];

const MAIN_USAGE = `${PROGRAM} orders <create|get|list|cancel|status|wait> [options]`;

export interface RunOptions {
  /** Aborted on Ctrl-C; the command passes it to the call in flight. */
  abortSignal: AbortSignal;
  /** Asks for what Ctrl-C does (a prompt reading the terminal in raw mode sees Ctrl-C as a key). */
  interrupt: () => void;
}

export async function runCli(
  argv: readonly string[],
  terminal: Terminal,
  options: RunOptions,
): Promise<ExitCode> {
  const errorStyle = styleFor(useColour(terminal.stderr, terminal.env));
  let usage: string | undefined = MAIN_USAGE;
  let context: CommandContext | undefined;
  try {
    const [group, name, ...rest] = argv;
    if (group === undefined) throw new UsageError("Name a command.", MAIN_USAGE);
    if (group === "--help" || group === "-h" || group === "help") {
      terminal.stdout.write(mainHelp());
      return ExitCode.Success;
    }
    if (group === "--version" || group === "-V") {
      terminal.stdout.write(`${VERSION}\n`);
      return ExitCode.Success;
    }
    if (group === "emulator") return await runEmulator(argv.slice(1), terminal, options.abortSignal);
    if (group !== "orders") throw new UsageError(`Unknown command "${group}".`, MAIN_USAGE);
    if (name === undefined) throw new UsageError("Name an orders command.", MAIN_USAGE);
    if (name === "--help" || name === "-h") {
      terminal.stdout.write(mainHelp());
      return ExitCode.Success;
    }
    const spec = ORDER_COMMANDS.find((command) => command.name === `orders ${name}`);
    if (spec === undefined) throw new UsageError(`Unknown command "orders ${name}".`, MAIN_USAGE);
    usage = usageLine(spec);
    const values = parseOptions(spec, rest);
    if (values.help) {
      terminal.stdout.write(renderCommandHelp(spec));
      return ExitCode.Success;
    }
    context = createContext(terminal, values, argv, options.abortSignal, options.interrupt, usage);
    return await spec.run(context, values);
  } catch (error) {
    const reason = context?.credentialFailure ?? error;
    return reportFailure(reason, {
      stderr: terminal.stderr,
      style: errorStyle,
      interrupted: options.abortSignal.aborted,
      usage,
    });
  }
}

function mainHelp(): string {
  const entries = [
    ...ORDER_COMMANDS.map((command) => [command.name, command.summary] as const),
    ["emulator", EMULATOR_SUMMARY] as const,
  ];
  const width = Math.max(...entries.map(([name]) => name.length));
  const commands = entries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    `${PROGRAM} ${VERSION}: Microsoft Partner Center orders from a shell.\n`,
    `Usage: ${MAIN_USAGE}`,
    `       ${EMULATOR_USAGE}`,
    `       ${PROGRAM} --help | --version\n`,
    `Commands:\n${commands.join("\n")}\n`,
    `Global options:\n${renderOptions(GLOBAL_OPTIONS)}\n`,
    "Credentials: PARTNER_CENTER_TOKEN, or --token-command, for example:",
    '  --token-command "az account get-access-token --resource https://api.partnercenter.microsoft.com --query accessToken -o tsv"\n',
    `${EXIT_CODES_HELP}\n`,
    `Run '${PROGRAM} orders <command> --help' for a command's options.\n`,
  ].join("\n");
}
