/** Durations on the command line, such as `90s`, `15m`, `1h30m` or `500ms`. */

const UNIT_IN_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/** Milliseconds, or undefined when the text is not a duration with units. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const start = PART.lastIndex;
    const match = PART.exec(trimmed);
    if (match === null || match.index !== start) return undefined;
    total += Number(match[1]) * (UNIT_IN_MS[match[2] as string] as number);
  }
  return total > 0 && Number.isFinite(total) ? Math.round(total) : undefined;
}

/** `75000` → `1m15s`: how the command line prints durations back. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s || (!h && !m) ? `${s}s` : ""}`;
}
