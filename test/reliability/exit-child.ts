/**
 * Entry point of the child process of the leak check: runs one exit scenario, prints its result as
 * one JSON line and returns without calling process.exit, so the process ends only if nothing of
 * the client keeps the event loop alive. Usage: node exit-child.mjs <scenario name>
 */
import { EXIT_SCENARIOS, type ExitScenario, runExitScenario } from "./exit-scenarios.js";

const name = process.argv[2] as ExitScenario | undefined;
if (name === undefined || !(EXIT_SCENARIOS as readonly string[]).includes(name)) {
  process.stdout.write(`${JSON.stringify({ crashed: `unknown scenario ${name}` })}\n`);
  process.exitCode = 2;
} else {
  const started = performance.now();
  runExitScenario(name).then(
    (result) => {
      // From here on nothing is left to do: the process must exit on its own.
      process.stdout.write(
        `${JSON.stringify({ scenario: name, ...result, settledAtMs: performance.now() - started })}\n`,
      );
    },
    (error: unknown) => {
      process.stdout.write(`${JSON.stringify({ scenario: name, crashed: String(error) })}\n`);
      process.exitCode = 1;
    },
  );
}
