/**
 * Child side of the start-up benchmark: one fresh process per sample, so every import is cold.
 * argv: <module URL> [--construct-validating-client]. Prints JSON { importInMs, readyInMs }.
 */
const [url, mode] = process.argv.slice(2);
const started = performance.now();
const module = await import(url);
const importInMs = performance.now() - started;
// The validation entry point compiles its schemas when the first validating client is built.
if (mode === "--construct-validating-client") {
  new module.ValidatingPartnerCenterClient({
    credential: "benchmark-token",
    endpoint: "http://127.0.0.1:9/v1",
  });
}
process.stdout.write(JSON.stringify({ importInMs, readyInMs: performance.now() - started }), () =>
  process.exit(0),
);
