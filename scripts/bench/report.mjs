/**
 * Turns the results object into Markdown tables (printed at the end of the run and written to
 * README-snippet.md) and into a list of targets met or missed. The hand-written findings in
 * findings.md (what was fixed, what floor remains) close the report, so a rerun keeps them.
 */
import { existsSync, readFileSync } from "node:fs";

const FINDINGS_URL = new URL("./findings.md", import.meta.url);

export const TARGETS = {
  clientOverOpenapiFetch: 1.1,
  clientCpuOverOpenapiFetch: 1,
  validationOverJsonParse: 1,
  throttledOfAllowed: 0.95,
};

/** Every target with its figure and whether it holds. */
export function evaluateTargets(results) {
  const checks = [];
  for (const scenario of results.perCall?.scenarios ?? []) {
    checks.push({
      target: `client ≤ ${TARGETS.clientOverOpenapiFetch}× openapi-fetch (${scenario.name})`,
      value: scenario.ratios["client / openapi-fetch"],
      met: scenario.ratios["client / openapi-fetch"] <= TARGETS.clientOverOpenapiFetch,
    });
    if (scenario.ratios["client / openapi-fetch (CPU)"] !== undefined) {
      checks.push({
        target: `client CPU ≤ ${TARGETS.clientCpuOverOpenapiFetch}× openapi-fetch (${scenario.name})`,
        value: scenario.ratios["client / openapi-fetch (CPU)"],
        met: scenario.ratios["client / openapi-fetch (CPU)"] <= TARGETS.clientCpuOverOpenapiFetch,
      });
    }
    checks.push({
      target: `validation overhead ≤ ${TARGETS.validationOverJsonParse}× JSON.parse (${scenario.name})`,
      value: scenario.ratios["validation overhead / JSON.parse"],
      met: scenario.ratios["validation overhead / JSON.parse"] <= TARGETS.validationOverJsonParse,
    });
  }
  const on = results.throttling?.limiterOn;
  if (on) {
    checks.push({
      target: `throttled batch ≥ ${TARGETS.throttledOfAllowed * 100}% of allowed rate`,
      value: on.ofAllowed,
      met: on.ofAllowed >= TARGETS.throttledOfAllowed,
    });
    checks.push({
      target: "throttled batch: zero 429s (every round)",
      value: on.worstRound.responses429,
      met: on.worstRound.responses429 === 0,
    });
  }
  return checks;
}

export function renderReport(results) {
  const parts = [`## Benchmarks\n\n${machineLine(results.environment)}\n`];
  if (results.perCall) parts.push(perCallSection(results.perCall));
  if (results.throttling) parts.push(throttlingSection(results.throttling));
  if (results.startup) parts.push(startupSection(results.startup));
  if (results.growth) parts.push(growthSection(results.growth));
  parts.push(targetsSection(evaluateTargets(results)));
  if (existsSync(FINDINGS_URL)) parts.push(readFileSync(FINDINGS_URL, "utf8").trim());
  return `${parts.join("\n")}\n`;
}

function machineLine(environment) {
  if (!environment) return "";
  const { node, cpus, loadAverage, command, generatedAt } = environment;
  return (
    `\`${command}\` on Node ${node}, ${cpus} CPUs (load average ${loadAverage.join(", ")} at start), ${generatedAt}. ` +
    "Every ratio is taken between variants run side by side in interleaved rounds (medians)."
  );
}

function perCallSection({ scenarios }) {
  const names = Object.keys(scenarios[0]?.perCallInUs ?? {});
  const rows = scenarios.map((s) => [
    s.name,
    ...names.map((name) => s.perCallInUs[name]),
    s.ratios["openapi-fetch / fetch"],
    s.ratios["client / openapi-fetch"],
    s.validationOverheadInUs,
    s.ratios["end-to-end validation overhead / JSON.parse"],
    s.ratios["validation overhead / JSON.parse"],
  ]);
  return (
    "### Per call on loopback (µs per call, median)\n\n" +
    table(
      [
        "scenario",
        ...names,
        "openapi-fetch / fetch",
        "client / openapi-fetch",
        "validation overhead µs (end to end)",
        "end-to-end overhead / JSON.parse",
        "validator / JSON.parse",
      ],
      rows,
    ) +
    "\n\nAt concurrency 16, µs per call is wall time over calls (the inverse of throughput). JSON.parse and " +
    "the validator alone run sequentially on the same body. The validation target is judged on validator / " +
    "JSON.parse: the end-to-end difference is small against the per-call noise.\n" +
    cpuTable(scenarios)
  );
}

/** CPU time of this process per call (the server runs in another process): the client's own work. */
function cpuTable(scenarios) {
  if (scenarios[0]?.cpuPerCallInUs === undefined) return "";
  const names = ["fetch", "openapi-fetch", "client", "azure core-rest-pipeline"];
  const ratios = ["client / openapi-fetch (CPU)", "azure / openapi-fetch (CPU)", "client / azure (CPU)"];
  const rows = scenarios.map((s) => [
    s.name,
    ...names.map((n) => s.cpuPerCallInUs[n]),
    ...ratios.map((r) => s.ratios[r]),
  ]);
  return `\n### CPU per call (µs of client CPU, median)\n\n${table(["scenario", ...names, ...ratios], rows)}\n`;
}

function throttlingSection({ settings, limiterOn, limiterOff }) {
  const row = (name, r) => [
    name,
    r.elapsedInMs,
    r.okPerSecond,
    `${(r.ofAllowed * 100).toFixed(1)}%`,
    r.responses429,
    r.lost,
  ];
  return (
    `### Throughput under throttling\n\n${settings.requests} gets over ${settings.tenants} tenants, ` +
    `${settings.concurrency} in flight; the server allows ${settings.limit} per tenant per ${settings.windowInMs} ms ` +
    `(${settings.allowedPerSecond}/s in all) and answers 429 + Retry-After beyond. Medians of ${limiterOn.rounds} rounds.\n\n` +
    table(
      ["client", "elapsed ms", "ok/s", "of allowed", "429s", "lost"],
      [row("limiter matched", limiterOn), row("limiter off", limiterOff)],
    ) +
    "\n"
  );
}

function startupSection({ coldImportInMs, ratios, packed, dependencies, rounds }) {
  return (
    `### Start-up and footprint\n\nCold import, fresh process each, median of ${rounds}:\n\n` +
    table(
      ["module", "ms"],
      Object.entries(coldImportInMs).map(([name, ms]) => [name, ms]),
    ) +
    `\n\npackage / openapi-fetch: ${ratios["package / openapi-fetch"]}×` +
    (ratios["package / openapi-fetch by name"] === undefined
      ? ". "
      : ` (against openapi-fetch imported by name, as the package itself does: ${ratios["package / openapi-fetch by name"]}×). `) +
    `Packed tarball ${(packed.tarballBytes / 1024).toFixed(1)} KiB (${packed.files} files, ` +
    `${(packed.unpackedBytes / 1024).toFixed(0)} KiB unpacked). Runtime dependencies: ${dependencies.direct} direct, ` +
    `${dependencies.transitive} installed (${dependencies.names.join(", ")}); with the optional validation peers ` +
    `(${dependencies.optionalPeers.join(", ")}): ${dependencies.transitiveWithValidation}.\n`
  );
}

function growthSection({ variants }) {
  const rows = [];
  for (const [variant, { rows: cells }] of Object.entries(variants)) {
    for (const cell of cells)
      rows.push([variant, cell.list, cell.timeInMs, cell.perOrderInUs, cell.peakRssMiB, cell.rssGrowthMiB]);
  }
  const linear = Object.entries(variants).map(([variant, { linearity, paging }]) => [
    variant,
    linearity.steps.map((s) => `${s.step}: ${s.timePerOrderInUs} µs, ${s.rssPerOrderBytes} B`).join("; "),
    linearity.timeRatio,
    linearity.rssRatio,
    paging?.["time, paged / one page"] ?? "",
    paging?.["rss growth, paged / one page"] ?? "",
  ]);
  return (
    "### Growth\n\n" +
    table(["variant", "list", "ms", "µs per order", "peak RSS MiB", "RSS growth MiB"], rows) +
    "\n\nMarginal cost per order between sizes (fixed costs cancel); a ratio near 1 is linear growth:\n\n" +
    table(
      [
        "variant",
        "marginal time, memory per order",
        "time ratio",
        "memory ratio",
        "paged/one page time",
        "paged/one page RSS",
      ],
      linear,
    ) +
    "\n"
  );
}

function targetsSection(checks) {
  return `### Targets\n\n${table(
    ["target", "figure", "met"],
    checks.map((c) => [c.target, c.value, c.met ? "yes" : "**no**"]),
  )}\n`;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c ?? "")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
