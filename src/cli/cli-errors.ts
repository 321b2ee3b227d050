/** Failures the command line itself raises (service failures are PartnerCenterError). */

/** A mistake on the command line, found before anything was sent: exit code 2 with the usage line. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The usage line of the command the mistake was made in, when known. */
  usage: string | undefined;

  constructor(message: string, usage?: string) {
    super(message);
    this.usage = usage;
  }
}

/** The command could not do what was asked, for a reason already explained in the message: exit code 1. */
export class CommandFailure extends Error {
  override readonly name = "CommandFailure";
}

/** Advice printed after a failure's message, such as the command that replays a create. */
const afterwords = new WeakMap<object, string>();

export function addAfterword(error: unknown, text: string): void {
  if (typeof error === "object" && error !== null) afterwords.set(error, text);
}

export function afterwordOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? afterwords.get(error) : undefined;
}
