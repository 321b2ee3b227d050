/** Turns whatever a command threw into a message on stderr and the documented exit code. */
import { isPartnerCenterError, type PartnerCenterError } from "../index.js";
import { afterwordOf, CommandFailure, UsageError } from "./cli-errors.js";
import { PROGRAM } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import type { Style } from "./style.js";
import type { OutputStream } from "./terminal.js";
import { CredentialError } from "./token-command.js";

export interface FailureOutput {
  stderr: OutputStream;
  style: Style;
  /** Ctrl-C was pressed: whatever failed, it failed because of that. */
  interrupted: boolean;
  /** The usage line of the command, for mistakes in its arguments. */
  usage: string | undefined;
}

export function reportFailure(error: unknown, output: FailureOutput): ExitCode {
  const code = report(error, output);
  const afterword = afterwordOf(error);
  if (afterword !== undefined) output.stderr.write(afterword);
  return code;
}

function report(error: unknown, { stderr, style, interrupted, usage }: FailureOutput): ExitCode {
  const say = (message: string) => stderr.write(`${style.red("error:")} ${message}\n`);
  if (error instanceof UsageError) {
    say(error.message);
    printUsage(stderr, error.usage ?? usage);
    return ExitCode.BadArguments;
  }
  if (interrupted) {
    stderr.write("Interrupted.\n");
    return ExitCode.Interrupted;
  }
  if (error instanceof CredentialError || error instanceof CommandFailure) {
    say(error.message);
    return ExitCode.Failure;
  }
  if (isPartnerCenterError(error)) {
    say(error.message);
    stderr.write(`${style.dim(describeServiceError(error))}\n`);
    return error.statusCode === 404 ? ExitCode.NotFound : ExitCode.Failure;
  }
  // The client throws TypeError / RangeError for arguments it refuses before sending anything.
  if (error instanceof TypeError || error instanceof RangeError) {
    say(error.message);
    printUsage(stderr, usage);
    return ExitCode.BadArguments;
  }
  say(`${PROGRAM} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  return ExitCode.Failure;
}

function describeServiceError(error: PartnerCenterError): string {
  const parts = [
    `status ${error.statusCode === 0 ? "none (no answer)" : error.statusCode}`,
    error.code === undefined ? undefined : `code ${error.code}`,
    error.requestId === undefined ? undefined : `requestId ${error.requestId}`,
    error.correlationId === undefined ? undefined : `correlationId ${error.correlationId}`,
  ];
  return `  ${parts.filter((part) => part !== undefined).join(" · ")}`;
}

/**
 * True when a failed call may still have been carried out: anything but the service's refusal (a 4xx
 * other than 408). That covers no answer, timeouts, 5xx, and a success status whose body could not be used.
 */
export function outcomeUnknown(error: unknown, interrupted: boolean): boolean {
  if (interrupted) return true;
  if (!isPartnerCenterError(error)) return false;
  const refused = error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 408;
  return !refused;
}

function printUsage(stderr: OutputStream, usage: string | undefined): void {
  if (usage) stderr.write(`usage: ${usage}\nRun '${commandOf(usage)} --help' for details.\n`);
}

/** The command words of a usage line: `partner-center-orders orders get --customer <id>` → `… orders get`. */
function commandOf(usage: string): string {
  const words = usage.split(" ");
  const end = words.findIndex((word) => /^[-<[(]/.test(word));
  return words.slice(0, end === -1 ? undefined : end).join(" ");
}
