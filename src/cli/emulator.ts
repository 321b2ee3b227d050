/**
 * `partner-center-orders emulator`: the package's Orders emulator (partner-center-orders/testing) on a
 * local port, to try commands and scripts without buying anything. Loaded only when asked for, since it
 * needs the optional peers ajv and ajv-formats.
 */
import { PROGRAM } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import type { Terminal } from "./terminal.js";

export const EMULATOR_SUMMARY = "Run a local, stateful emulator of the Orders API (Ctrl-C stops it).";
export const EMULATOR_USAGE = `${PROGRAM} emulator [--port 4010]`;

export async function runEmulator(
  args: readonly string[],
  terminal: Terminal,
  abortSignal: AbortSignal,
): Promise<ExitCode> {
  let testing: typeof import("../testing/index.js");
  try {
    testing = await import("../testing/index.js");
  } catch (error) {
    const missing = error as NodeJS.ErrnoException;
    if (missing.code !== "ERR_MODULE_NOT_FOUND" || !/\bajv/.test(missing.message)) throw error;
    terminal.stderr.write(
      "error: the emulator needs the optional packages ajv and ajv-formats: npm install --save-dev ajv ajv-formats\n",
    );
    return ExitCode.Failure;
  }
  const code = await testing.runEmulatorCommand([...args], {
    abortSignal,
    stdout: (line) => terminal.stdout.write(`${line}\n`),
    stderr: (line) => terminal.stderr.write(`${line}\n`),
  });
  return code === ExitCode.BadArguments
    ? ExitCode.BadArguments
    : code === 0
      ? ExitCode.Success
      : ExitCode.Failure;
}
