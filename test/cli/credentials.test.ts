/** Tokens come from PARTNER_CENTER_TOKEN or --token-command, and are never printed, not even with --verbose. */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createOrderArgs, expectExit, runCli, TOKEN } from "./harness.js";
import { orderServerPerFile, signedIn } from "./server-per-file.js";

const server = orderServerPerFile({ provisionAfterPolls: 2 });
const endpointOnly = () => ({ PARTNER_CENTER_ENDPOINT: server().endpoint });

async function placeOrder(customer: string): Promise<string> {
  const result = await runCli(createOrderArgs(customer, 1, "--yes"), { env: signedIn(server()) });
  expectExit(result, 0);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

function scratchFile(name: string): string {
  const path = join(tmpdir(), `pco-cli-${name}-${randomUUID()}`);
  return path;
}

/** Linux: a killed process may linger as a zombie where the container's init does not reap orphans. */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  return !/^\d+ \(.*\) Z/.test(readFileSync(stat, "utf8"));
}

describe("--token-command", () => {
  it("sends what the command prints (trimmed), running the command once per invocation", async () => {
    const customer = randomUUID();
    const id = await placeOrder(customer);
    const runs = scratchFile("runs");
    const result = await runCli(
      [
        "orders",
        "wait",
        "--customer",
        customer,
        "--order",
        id,
        "--interval",
        "20ms",
        "--token-command",
        `echo ran >> '${runs}'; printf '  %s\\n\\n' '${TOKEN}'`,
      ],
      { env: endpointOnly() },
    );
    expectExit(result, 0);
    const polls = server().requests.filter((request) => request.path.endsWith(`${id}/provisioningstatus`));
    expect(polls.length).toBe(3);
    for (const poll of polls) expect(poll.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(readFileSync(runs, "utf8")).toBe("ran\n");
    rmSync(runs);
  });

  it("takes precedence over PARTNER_CENTER_TOKEN", async () => {
    const result = await runCli(
      ["orders", "list", "--customer", randomUUID(), "--token-command", `printf '%s' '${TOKEN}'`],
      { env: signedIn(server(), { PARTNER_CENTER_TOKEN: "stale-token" }) },
    );
    expectExit(result, 0);
    expect(server().requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("a failing command is exit 1 with a clear message that never shows its output", async () => {
    const before = server().requests.length;
    const result = await runCli(
      [
        "orders",
        "list",
        "--customer",
        randomUUID(),
        "--token-command",
        "echo out-secret-1; echo err-secret-2 >&2; exit 3",
      ],
      { env: endpointOnly() },
    );
    expectExit(result, 1);
    expect(result.stderr).toContain("--token-command failed (exit code 3); its output is not shown");
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/secret-1|secret-2/);
    expect(server().requests.length).toBe(before);
  });

  it("output that is not a token is refused without quoting it", async () => {
    const result = await runCli(
      ["orders", "list", "--customer", randomUUID(), "--token-command", "echo 'two secret-words'"],
      { env: endpointOnly() },
    );
    expectExit(result, 1);
    expect(result.stderr).toContain("--token-command's output is not a token");
    expect(result.stderr).not.toContain("secret-words");
  });

  it("a command that hangs is stopped after --token-command-timeout, with what it started", async () => {
    const pidFile = scratchFile("pid");
    const result = await runCli(
      [
        "orders",
        "list",
        "--customer",
        randomUUID(),
        "--token-command-timeout",
        "300ms",
        "--token-command",
        `sleep 30 & echo $! > '${pidFile}'; wait`,
      ],
      { env: endpointOnly() },
    );
    expectExit(result, 1);
    expect(result.stderr).toContain("--token-command did not finish within 300 ms");
    expect(existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, "utf8"));
    rmSync(pidFile);
    expect(isRunning(pid)).toBe(false);
  });
});

describe("a refused token", () => {
  it("a create refused with 401 is exit 1, with no replay command (nothing was placed)", async () => {
    const result = await runCli(createOrderArgs(randomUUID(), 1, "--yes"), {
      env: signedIn(server(), { PARTNER_CENTER_TOKEN: "wrong-token" }),
    });
    expectExit(result, 1);
    expect(result.stderr).toContain("401");
    expect(result.stderr).not.toContain("may or may not");
  });
});

describe("the token is never printed", () => {
  it("--verbose logs each attempt with its request id, but no token", async () => {
    const customer = randomUUID();
    const id = await placeOrder(customer);
    const result = await runCli(["orders", "get", "--customer", customer, "--order", id, "--verbose"], {
      env: signedIn(server()),
    });
    expectExit(result, 0);
    expect(result.stderr).toMatch(
      new RegExp(
        `^debug → GET ${server().endpoint}/customers/${customer}/orders/${id} requestId=[0-9a-f-]{36}`,
        "m",
      ),
    );
    expect(result.stderr).toMatch(/^debug ← 200 GET /m);
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN);
    expect(`${result.stdout}${result.stderr}`).not.toContain("cli-secret-token");
  });

  it("not even when the service echoes the Authorization header in an error", async () => {
    server().faults.echoAuthorization = true;
    for (const extra of [[], ["--verbose"], ["--output", "table"]]) {
      const result = await runCli(["orders", "get", "--customer", randomUUID(), "--order", "abc", ...extra], {
        env: signedIn(server()),
      });
      expectExit(result, 1);
      expect(result.stderr).toContain("Refused the request with Authorization: Bearer");
      expect(`${result.stdout}${result.stderr}`).not.toContain("cli-secret-token");
    }
  });

  it("nor from a --token-command", async () => {
    server().faults.echoAuthorization = true;
    const result = await runCli(
      [
        "orders",
        "get",
        "--customer",
        randomUUID(),
        "--order",
        "abc",
        "--verbose",
        "--token-command",
        `printf '%s' '${TOKEN}'`,
      ],
      { env: endpointOnly() },
    );
    expectExit(result, 1);
    expect(`${result.stdout}${result.stderr}`).not.toContain("cli-secret-token");
  });
});
