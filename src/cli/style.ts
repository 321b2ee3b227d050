/**
 * Colours for terminals: only when the stream is a TTY, never when NO_COLOR is set (no-color.org) or
 * TERM is dumb. Without colours every style is the identity, so output stays plain text.
 */

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

const COLOURED: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
};
const identity = (text: string) => text;
const PLAIN: Style = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity };

export function useColour(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (stream.isTTY !== true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.TERM !== "dumb";
}

export function styleFor(coloured: boolean): Style {
  return coloured ? COLOURED : PLAIN;
}

/** Printed width, ignoring colour sequences. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matches the escape sequences COLOURED adds.
  return text.replace(/\x1b\[\d+m/g, "").length;
}
