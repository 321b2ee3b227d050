#!/usr/bin/env node
/**
 * The `partner-center-orders` executable. Ctrl-C aborts the call in flight and exits 130; a second
 * Ctrl-C, or an abort that does not settle within a few seconds, exits at once.
 */
import { ExitCode } from "./exit-codes.js";
import { runCli } from "./run.js";

const FORCED_EXIT_AFTER_IN_MS = 5_000;

const controller = new AbortController();
let interrupts = 0;
const interrupt = () => {
  interrupts++;
  if (interrupts > 1) process.exit(ExitCode.Interrupted);
  controller.abort(new Error("Interrupted (Ctrl-C)."));
  setTimeout(() => process.exit(ExitCode.Interrupted), FORCED_EXIT_AFTER_IN_MS).unref();
};
process.on("SIGINT", interrupt);
// A reader that stops early (`| head`) closes the pipe: end quietly instead of with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.Success);
    throw error;
  });
}

runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
  { abortSignal: controller.signal, interrupt },
).then(
  (code) => {
    process.off("SIGINT", interrupt);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = ExitCode.Failure;
  },
);
