/** The process's streams and environment, passed in so every part of the command line can be driven alike. */

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface Terminal {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  env: Record<string, string | undefined>;
}

/** A person can answer a prompt: input comes from a terminal and the prompt goes to one. */
export function canPrompt(terminal: Terminal): boolean {
  return terminal.stdin.isTTY === true && terminal.stderr.isTTY === true;
}
