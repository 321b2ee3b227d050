/** Help, version and the mistakes that end with exit code 2 before anything is sent. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CUSTOMER, expectExit, OFFER, ROOT, runCli } from "./harness.js";
import { orderServerPerFile, signedIn } from "./server-per-file.js";

const COMMANDS = ["create", "get", "list", "cancel", "status", "wait"];
const server = orderServerPerFile();

describe("help and version", () => {
  it("--help lists every command, the credentials and the exit codes", async () => {
    const result = await runCli(["--help"]);
    expectExit(result, 0);
    for (const command of COMMANDS) expect(result.stdout).toContain(`orders ${command}`);
    expect(result.stdout).toContain("PARTNER_CENTER_TOKEN");
    expect(result.stdout).toMatch(/2 bad arguments, 3 not found, 130 interrupted/);
    expect(result.stderr).toBe("");
  });

  it.each(COMMANDS)("orders %s --help shows its usage line and options", async (command) => {
    const result = await runCli(["orders", command, "--help"]);
    expectExit(result, 0);
    expect(result.stdout).toContain(`Usage: partner-center-orders orders ${command} --customer <id>`);
    expect(result.stdout).toContain("--customer <id>");
    expect(result.stdout).toContain("--output table|json");
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const result = await runCli(["--version"]);
    expectExit(result, 0);
    expect(result.stdout).toBe(`${version}\n`);
  });
});

describe("bad arguments exit with 2, the usage line, and no request", () => {
  const cases: [string, string[], RegExp][] = [
    ["no command", [], /Name a command/],
    ["an unknown command", ["orders", "buy"], /Unknown command "orders buy"/],
    [
      "an unknown option",
      ["orders", "get", "--customer", CUSTOMER, "--order", "x", "--colour"],
      /Unknown option '--colour'/,
    ],
    ["a missing option", ["orders", "get", "--customer", CUSTOMER], /Missing --order/],
    [
      "a malformed customer id",
      ["orders", "get", "--customer", "contoso", "--order", "x"],
      /--customer must be a GUID/,
    ],
    [
      "an order id that would change the path",
      ["orders", "get", "--customer", CUSTOMER, "--order", "../x"],
      /orderId may only contain/,
    ],
    [
      "an unknown output format",
      ["orders", "list", "--customer", CUSTOMER, "-o", "xml"],
      /--output must be table or json/,
    ],
    [
      "a duration without a unit",
      ["orders", "wait", "--customer", CUSTOMER, "--order", "x", "--timeout", "15"],
      /--timeout must be a duration/,
    ],
    [
      "a quantity of zero",
      ["orders", "create", "--customer", CUSTOMER, "--offer", OFFER, "--quantity", "0", "--yes"],
      /--quantity must be a whole number of at least 1/,
    ],
    [
      "an unreadable --file",
      ["orders", "create", "--customer", CUSTOMER, "--file", "/nonexistent/order.json", "--yes"],
      /--file \/nonexistent\/order.json cannot be read \(ENOENT\)/,
    ],
    [
      "line numbers that are not numbers",
      ["orders", "cancel", "--customer", CUSTOMER, "--order", "abc", "--lines", "0,two", "--yes"],
      /--lines must be a whole number of at least 0, not "two"/,
    ],
    [
      "--file with --offer",
      ["orders", "create", "--customer", CUSTOMER, "--file", "o.json", "--offer", OFFER, "--yes"],
      /leave out --offer/,
    ],
    [
      "a token as a flag",
      ["orders", "list", "--customer", CUSTOMER, "--token", "abc"],
      /Unknown option '--token'/,
    ],
    [
      "an http endpoint off loopback",
      ["orders", "list", "--customer", CUSTOMER, "--endpoint", "http://example.com"],
      /must use https/,
    ],
  ];

  it.each(cases)("%s", async (_name, args, message) => {
    const before = server().requests.length;
    const result = await runCli(args, { env: signedIn(server()) });
    expectExit(result, 2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/usage: partner-center-orders orders/);
    expect(result.stderr).toMatch(/^Run 'partner-center-orders orders( [a-z]+)? --help' for details\.$/m);
    expect(result.stdout).toBe("");
    expect(server().requests.length).toBe(before);
  });

  it("no credentials at all", async () => {
    const result = await runCli(["orders", "list", "--customer", CUSTOMER], {
      env: { PARTNER_CENTER_ENDPOINT: server().endpoint },
    });
    expectExit(result, 2);
    expect(result.stderr).toContain("No credentials: set PARTNER_CENTER_TOKEN, or pass --token-command");
  });
});
