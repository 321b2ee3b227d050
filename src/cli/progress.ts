/**
 * Progress on stderr while something runs: one line rewritten in place on a terminal, otherwise a new
 * line only when the state changes (so logs stay short). Silent with --quiet.
 */
import type { OutputStream } from "./terminal.js";

export interface Progress {
  /** `state` is what changed; `line` is how to show it now. */
  update(state: string, line: string): void;
  /** Ends the live line: kept as the last word (`keep`), or cleared. */
  done(keep?: boolean): void;
}

export function createProgress(stderr: OutputStream, quiet: boolean): Progress {
  if (quiet) return { update() {}, done() {} };
  if (stderr.isTTY === true) {
    let shown = false;
    return {
      update(_state, line) {
        stderr.write(`\r\x1b[2K${line}`);
        shown = true;
      },
      done(keep = false) {
        if (shown) stderr.write(keep ? "\n" : "\r\x1b[2K");
        shown = false;
      },
    };
  }
  let last: string | undefined;
  return {
    update(state, line) {
      if (state === last) return;
      last = state;
      stderr.write(`${line}\n`);
    },
    done() {},
  };
}
