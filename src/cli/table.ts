/** Plain-text tables and key/value blocks for `--output table`. */
import { type Style, visibleLength } from "./style.js";

export function renderTable(headers: readonly string[], rows: readonly string[][], style: Style): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => visibleLength(row[column] ?? ""))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + " ".repeat((widths[column] ?? 0) - visibleLength(cell)),
      )
      .join("  ")
      .trimEnd();
  const head = line(headers.map((header) => style.bold(header)));
  return `${[head, ...rows.map(line)].join("\n")}\n`;
}

/** `Label  value` lines; entries without a value are left out. */
export function renderFields(fields: readonly [string, string | undefined][], style: Style): string {
  const present = fields.filter(
    (field): field is [string, string] => field[1] !== undefined && field[1] !== "",
  );
  const width = Math.max(...present.map(([label]) => label.length));
  return `${present.map(([label, value]) => `${style.bold(label.padEnd(width))}  ${value}`).join("\n")}\n`;
}
