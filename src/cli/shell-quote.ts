/** Quoting for commands the user is told to copy and run again in a POSIX shell. */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(argument: string): string {
  if (SAFE.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'"'"'`)}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}
