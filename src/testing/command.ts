/**
 * The emulator as a command: `partner-center-orders-emulator --port 4010` prints its URL and serves
 * until Ctrl-C or SIGTERM. `runEmulatorCommand` is also what the package's own command line calls for
 * `partner-center-orders emulator`.
 */
import { parseArgs } from "node:util";
import { type Emulator, startEmulator } from "./emulator.js";

export interface EmulatorCommandIo {
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /** Stops the emulator when aborted, besides SIGINT and SIGTERM. */
  abortSignal?: AbortSignal;
  /** Called once the emulator listens. */
  onListening?: (emulator: Emulator) => void;
}

export const EMULATOR_USAGE = `Usage: partner-center-orders-emulator [options]
  A local, stateful emulator of the Partner Center Orders API, checked against its OpenAPI description.
  --port <n>                  port to listen on (default 4010; 0 picks a free one)
  --host <address>            address to listen on (default 127.0.0.1)
  --requests-per-minute <n>   rate limit per customer tenant (default 500)
  --time-scale <x>            how much faster than real time orders provision (default 1)
  --provisioning-delay <ms>   service time until line items are provisioned (default 5000)
  --seed <n>                  seed for ids and faults (default 1)
  -h, --help                  show this help`;

/** Runs until stopped; resolves with the exit code (0 after a clean stop, 2 for bad arguments). */
export async function runEmulatorCommand(argv: string[], io: EmulatorCommandIo = {}): Promise<number> {
  const out = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        "requests-per-minute": { type: "string" },
        "time-scale": { type: "string" },
        "provisioning-delay": { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${EMULATOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(EMULATOR_USAGE);
    return 0;
  }
  const numberOf = (name: string): number | undefined => {
    const text = values[name];
    if (typeof text !== "string") return undefined;
    const parsed = Number(text);
    if (text.trim() === "" || Number.isNaN(parsed))
      throw new TypeError(`--${name} must be a number, not "${text}"`);
    return parsed;
  };
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      port: numberOf("port"),
      host: String(values.host),
      requestsPerMinute: numberOf("requests-per-minute"),
      timeScale: numberOf("time-scale"),
      provisioningDelayInMs: numberOf("provisioning-delay"),
      seed: numberOf("seed"),
    });
  } catch (error) {
    err(`partner-center-orders-emulator: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof TypeError ? 2 : 1;
  }
  out(
    `Partner Center Orders emulator listening on ${emulator.url} (client endpoint; API root ${emulator.url}/v1)`,
  );
  out("Press Ctrl-C to stop.");
  io.onListening?.(emulator);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      io.abortSignal?.removeEventListener("abort", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (io.abortSignal?.aborted) stop();
    else io.abortSignal?.addEventListener("abort", stop, { once: true });
  });
  await emulator.close();
  out(`Emulator stopped (${emulator.requests.length} requests served).`);
  return 0;
}
