/**
 * Credentials of the command line: `PARTNER_CENTER_TOKEN`, or `--token-command` whose standard output is
 * the token (such as `az account get-access-token … -o tsv`). Never a token flag: flag values land in
 * shell history and process listings. What the command prints is never echoed, not even on failure.
 */
import { spawn } from "node:child_process";
import type { PartnerCenterCredential } from "../index.js";
import { UsageError } from "./cli-errors.js";

/** The token could not be obtained; exit code 1. */
export class CredentialError extends Error {
  override readonly name = "CredentialError";
}

export const DEFAULT_TOKEN_COMMAND_TIMEOUT_IN_MS = 30_000;
/** Access tokens are a few KiB; anything much larger is not a token. */
const MAX_OUTPUT_BYTES = 64 * 1024;
const TOKEN = /^[\x21-\x7E]+$/;

export interface CredentialSettings {
  tokenCommand: string | undefined;
  tokenCommandTimeoutInMs: number;
  env: Record<string, string | undefined>;
  /**
   * Told of each failure of the token command. The client reports a failed credential without its
   * message (it may hold secrets); these messages are this module's own, safe to show.
   */
  onFailure?: (error: CredentialError) => void;
}

/**
 * The credential to give the client. A token command runs once, when the first request needs it (so
 * argument mistakes show first), and its token is reused for the rest of the command.
 */
export function resolveCredential(settings: CredentialSettings): PartnerCenterCredential {
  if (settings.tokenCommand !== undefined) {
    const command = settings.tokenCommand;
    if (command.trim() === "") throw new UsageError("--token-command must not be empty.");
    let pending: Promise<string> | undefined;
    return ({ abortSignal }) => {
      pending ??= runTokenCommand(command, settings.tokenCommandTimeoutInMs, abortSignal).catch(
        (error: unknown) => {
          pending = undefined;
          if (error instanceof CredentialError) settings.onFailure?.(error);
          throw error;
        },
      );
      return pending;
    };
  }
  const token = settings.env.PARTNER_CENTER_TOKEN?.trim();
  if (token) return checkToken(token, "PARTNER_CENTER_TOKEN");
  throw new UsageError(
    'No credentials: set PARTNER_CENTER_TOKEN, or pass --token-command "<command that prints a token>".',
  );
}

/** Runs `command` through the shell and resolves with its trimmed standard output. */
export function runTokenCommand(
  command: string,
  timeoutInMs: number,
  abortSignal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends the shell and whatever the shell started.
    const child = spawn(command, {
      shell: true,
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: CredentialError | undefined;
    const stop = (error: CredentialError) => {
      failure ??= error;
      killGroup(child.pid, () => child.kill("SIGKILL"));
    };
    const timer = setTimeout(
      () => stop(new CredentialError(`--token-command did not finish within ${timeoutInMs} ms.`)),
      timeoutInMs,
    );
    const onAbort = () => stop(new CredentialError("--token-command was interrupted."));
    abortSignal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES)
        stop(new CredentialError(`--token-command printed more than ${MAX_OUTPUT_BYTES} bytes.`));
      else chunks.push(chunk);
    });
    // Its error output may quote secrets too: read it so the command never blocks, but do not keep it.
    child.stderr.resume();
    child.on("error", (error) =>
      stop(new CredentialError(`--token-command could not be started (${error.message}).`)),
    );
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", onAbort);
      if (failure) return reject(failure);
      if (code !== 0) {
        return reject(
          new CredentialError(
            `--token-command failed (${code === null ? `signal ${signal}` : `exit code ${code}`}); ` +
              "its output is not shown because it may contain secrets. Run the command yourself to see why.",
          ),
        );
      }
      try {
        resolve(checkToken(Buffer.concat(chunks).toString("utf8").trim(), "--token-command's output"));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function killGroup(pid: number | undefined, fallback: () => void): void {
  try {
    if (pid !== undefined && process.platform !== "win32") process.kill(-pid, "SIGKILL");
    else fallback();
  } catch {
    fallback();
  }
}

/** Says what is wrong with a token without ever quoting it. */
function checkToken(token: string, from: string): string {
  if (token === "") throw new CredentialError(`${from} is empty.`);
  if (/^bearer\s/i.test(token))
    throw new CredentialError(`${from} starts with "Bearer "; print the bare token.`);
  if (!TOKEN.test(token))
    throw new CredentialError(`${from} is not a token: it has whitespace or control characters.`);
  return token;
}
