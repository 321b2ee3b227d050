/** The yes/no question before a purchase or a cancellation. Anything but "y" or "yes" is a no. */
import { createInterface } from "node:readline";
import type { Terminal } from "./terminal.js";

/**
 * Asks on stderr and reads one line from stdin. Resolves false when input ends; calls `onInterrupt` on
 * Ctrl-C (the terminal is in raw mode while readline reads, so no SIGINT reaches the process).
 */
export function confirm(terminal: Terminal, question: string, onInterrupt: () => void): Promise<boolean> {
  return new Promise((resolve) => {
    const prompt = createInterface({
      input: terminal.stdin,
      output: terminal.stderr as NodeJS.WritableStream,
      terminal: terminal.stdin.isTTY === true,
    });
    let answered = false;
    const finish = (answer: boolean) => {
      if (answered) return;
      answered = true;
      prompt.close();
      terminal.stdin.pause();
      resolve(answer);
    };
    prompt.on("SIGINT", () => {
      terminal.stderr.write("\n");
      finish(false);
      onInterrupt();
    });
    prompt.on("close", () => finish(false));
    prompt.question(`${question} [y/N] `, (answer) => finish(/^\s*y(es)?\s*$/i.test(answer)));
  });
}
