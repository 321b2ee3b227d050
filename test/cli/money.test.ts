/**
 * Purchases and cancellations are explicit: confirmation on a terminal, --yes without one, and a lost
 * create answer ends with the printed replay command and exactly one order.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  binDirectory,
  CUSTOMER,
  cliEnv,
  collect,
  createOrderArgs,
  expectExit,
  OFFER,
  runCli,
  runOnTerminal,
} from "./harness.js";
import { emulatorPerFile, signedInToEmulator } from "./server-per-file.js";

const emulator = emulatorPerFile();
const env = () => signedInToEmulator(emulator());
const create = (customer: string, ...more: string[]) => createOrderArgs(customer, 5, ...more);

describe("confirmation", () => {
  it("create refuses without a terminal unless --yes: exit 2, nothing sent", async () => {
    const customer = randomUUID();
    const before = emulator().requests.length;
    const result = await runCli(create(customer), { env: env(), input: "y\n" });
    expectExit(result, 2);
    expect(result.stderr).toContain(
      "orders create places a purchase. No terminal to confirm on: pass --yes.",
    );
    expect(result.stderr).toContain("usage: partner-center-orders orders create");
    expect(emulator().requests.length).toBe(before);
    expect(emulator().orders(customer)).toEqual([]);
  });

  it("cancel refuses without a terminal unless --yes", async () => {
    const result = await runCli(["orders", "cancel", "--customer", CUSTOMER, "--order", "abc"], {
      env: env(),
    });
    expectExit(result, 2);
    expect(result.stderr).toContain(
      "orders cancel changes a purchase. No terminal to confirm on: pass --yes.",
    );
  });

  it("on a terminal, create shows the order and places it after y", async () => {
    const customer = randomUUID();
    const result = await runOnTerminal(create(customer), { env: env(), waitFor: "[y/N]", answer: "y\r" });
    expectExit(result, 0);
    expect(result.stdout).toContain(`Order for customer ${customer}:\n  line 0: 5 × ${OFFER}\n`);
    expect(result.stdout).toContain("Place this order? [y/N] ");
    const placed = emulator().orders(customer)[0]!;
    expect(placed).toBeDefined();
    // On a terminal the default is a table, coloured unless NO_COLOR is set.
    expect(result.stdout).toContain(`\x1b[1mOrder   \x1b[22m  ${placed.id}`);
  });

  it("on a terminal, any other answer places nothing: exit 1", async () => {
    const customer = randomUUID();
    const result = await runOnTerminal(create(customer), { env: env(), waitFor: "[y/N]", answer: "n\r" });
    expectExit(result, 1);
    expect(result.stdout).toContain("Not ordered.");
    expect(emulator().orders(customer)).toEqual([]);
  });

  it("on a terminal, Ctrl-C at the question places nothing: exit 130", async () => {
    const customer = randomUUID();
    const result = await runOnTerminal(create(customer), { env: env(), waitFor: "[y/N]", answer: "\x03" });
    expectExit(result, 130);
    expect(result.stdout).toContain("Interrupted.");
    expect(emulator().orders(customer)).toEqual([]);
  });

  it("NO_COLOR keeps a terminal's output plain", async () => {
    const customer = randomUUID();
    const result = await runOnTerminal([...create(customer), "--yes"], {
      env: signedInToEmulator(emulator(), { NO_COLOR: "1" }),
    });
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Order +[0-9a-f]{12}$/m);
    expect(result.stdout).not.toContain("\x1b[");
  });
});

describe("replay with --request-id", () => {
  it("the same request id answers with the same order, never a second one", async () => {
    const customer = randomUUID();
    const requestId = randomUUID();
    const first = await runCli(create(customer, "--yes", "--request-id", requestId), { env: env() });
    const second = await runCli(create(customer, "--yes", "--request-id", requestId), { env: env() });
    expectExit(first, 0);
    expectExit(second, 0);
    expect(JSON.parse(second.stdout).id).toBe(JSON.parse(first.stdout).id);
    expect(emulator().orders(customer)).toHaveLength(1);
    const posts = emulator().requests.filter(
      (request) => request.method === "POST" && request.path.includes(customer),
    );
    expect(posts.map((request) => request.headers["ms-requestid"])).toEqual([requestId, requestId]);
  });

  it("a lost create answer prints the replay command; running it ends with exactly one order", async () => {
    const customer = randomUUID();
    const stopDropping = emulator().injectFault({ kind: "drop-after-commit", operations: ["createOrder"] });
    const lost = await runCli(create(customer, "--yes", "--friendly-name", "Sales & marketing"), {
      env: env(),
    });
    expectExit(lost, 1);
    const posts = emulator().requests.filter(
      (request) => request.method === "POST" && request.path.includes(customer),
    );
    const requestId = posts[0]?.headers["ms-requestid"] as string;
    // The client retried with the same id, so the service still holds one order.
    expect(posts.length).toBeGreaterThan(1);
    expect(new Set(posts.map((request) => request.headers["ms-requestid"]))).toEqual(new Set([requestId]));
    expect(emulator().orders(customer)).toHaveLength(1);
    expect(lost.stderr).toContain(`The order may or may not have been placed (request id ${requestId})`);
    const printed = /^ {2}(partner-center-orders orders create .*)$/m.exec(lost.stderr)?.[1];
    expect(printed).toBe(
      `partner-center-orders orders create --customer ${customer} --offer ${OFFER} --quantity 5 --yes ` +
        `--friendly-name 'Sales & marketing' --request-id ${requestId}`,
    );

    stopDropping();
    const replay = await collect(
      spawn("/bin/sh", ["-c", printed as string], {
        env: cliEnv({ ...env(), PATH: `${binDirectory()}:${process.env.PATH}` }),
      }),
      "",
    );
    expectExit(replay, 0);
    const [only, ...others] = emulator().orders(customer);
    expect(others).toEqual([]);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      id: only?.id,
      lineItems: [{ friendlyName: "Sales & marketing" }],
    });
  });
});
