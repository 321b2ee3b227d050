/**
 * The command line's exit codes. They are part of its interface (scripts branch on them): never
 * renumber one, only add new ones.
 */
export const ExitCode = {
  /** The command did what it was asked. */
  Success: 0,
  /** The service answered with an error, no answer came, credentials failed, or a confirmation was declined. */
  Failure: 1,
  /** The command line was wrong (unknown option, missing value, malformed id): nothing was sent. */
  BadArguments: 2,
  /** The customer or order does not exist (HTTP 404). */
  NotFound: 3,
  /** Interrupted with Ctrl-C (SIGINT); the call in flight was aborted. */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
