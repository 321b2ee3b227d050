// Launches Debian's headless Chromium through playwright-core. Playwright's own browser download
// does not work here (closed network), so the system binary is required, not optional.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Without the background-networking flags Chromium dials Google's hosts at start-up; those would
// be failed connections on this machine and noise (not the page's own traffic) on others.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Throws, with the command that fixes it, when Chromium is not installed. */
export function assertChromiumInstalled(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the docs browser test needs it. ` +
        "Run `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).",
    );
  }
}

/** A headless Chromium; playwright gives every launch a fresh temporary --user-data-dir. */
export async function launchChromium(): Promise<Browser> {
  assertChromiumInstalled();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}
