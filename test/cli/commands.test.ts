/** Each command against the package's emulator, in both output formats, with the exit codes of success and 404. */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createOrderArgs, eventually, expectExit, OFFER, runCli, runOnTerminal } from "./harness.js";
import { emulatorPerFile, signedInToEmulator } from "./server-per-file.js";

const emulator = emulatorPerFile({ pageSize: 2 });
const env = () => signedInToEmulator(emulator());
const pollsOf = (id: string) =>
  emulator().requests.filter((request) => request.path.endsWith(`${id}/provisioningstatus`));
/** Provisioning takes a minute of service time: this moves the clock past it once `id` has been polled. */
async function provisionAfterFirstPoll(id: string): Promise<void> {
  await eventually(() => pollsOf(id).length > 0);
  emulator().advanceTime(60_000);
}

async function placeOrder(customer: string, quantity = 3): Promise<string> {
  const result = await runCli(createOrderArgs(customer, quantity, "--yes"), { env: env() });
  expectExit(result, 0);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

describe("orders create", () => {
  it("prints the new order as JSON when piped, and says what it sends on stderr", async () => {
    const customer = randomUUID();
    const result = await runCli(
      createOrderArgs(
        customer,
        5,
        "--term",
        "P1Y",
        "--billing",
        "monthly",
        "--friendly-name",
        "Sales team",
        "--yes",
      ),
      { env: env() },
    );
    expectExit(result, 0);
    const order = JSON.parse(result.stdout);
    expect(order.lineItems).toEqual([
      expect.objectContaining({
        lineItemNumber: 0,
        offerId: OFFER,
        quantity: 5,
        termDuration: "P1Y",
        friendlyName: "Sales team",
      }),
    ]);
    const placed = emulator().orders(customer)[0]!;
    expect(placed.id).toBe(order.id);
    const sent = emulator().requests.find(
      (request) => request.method === "POST" && request.path.includes(customer),
    );
    expect(result.stderr).toContain(`line 0: 5 × ${OFFER} (term P1Y, "Sales team")`);
    expect(result.stderr).toContain(`request id ${sent?.headers["ms-requestid"]}`);
  });

  it("prints a table with --output table", async () => {
    const customer = randomUUID();
    const result = await runCli(createOrderArgs(customer, 2, "--yes", "-o", "table"), { env: env() });
    expectExit(result, 0);
    const placed = emulator().orders(customer)[0]!;
    expect(result.stdout).toMatch(new RegExp(`^Order +${placed.id}$`, "m"));
    expect(result.stdout).toMatch(/^Status +pending$/m);
    expect(result.stdout).toMatch(
      new RegExp(`^LINE +OFFER +QUANTITY +TERM +FRIENDLY NAME +SUBSCRIPTION\\n0 +${OFFER} +2$`, "m"),
    );
    expect(result.stdout).not.toContain("\x1b[");
  });

  it("takes several line items from --file", async () => {
    const customer = randomUUID();
    const file = join(tmpdir(), `pco-order-${customer}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        billingCycle: "annual",
        lineItems: [
          { offerId: OFFER, quantity: 1 },
          { offerId: "DZH318Z0BQ3Q:0007:DZH318Z0BMFF", quantity: 4 },
        ],
      }),
    );
    const result = await runCli(["orders", "create", "--customer", customer, "--file", file, "--yes"], {
      env: env(),
    });
    expectExit(result, 0);
    const order = JSON.parse(result.stdout);
    expect(order.billingCycle).toBe("annual");
    expect(
      order.lineItems.map((line: { lineItemNumber: number; quantity: number }) => [
        line.lineItemNumber,
        line.quantity,
      ]),
    ).toEqual([
      [0, 1],
      [1, 4],
    ]);
  });

  it("--quiet leaves stderr empty and the order on stdout", async () => {
    const result = await runCli(
      [
        "orders",
        "create",
        "--customer",
        randomUUID(),
        "--offer",
        OFFER,
        "--quantity",
        "1",
        "--yes",
        "--quiet",
      ],
      { env: env() },
    );
    expectExit(result, 0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).status).toBe("pending");
  });
});

describe("orders get", () => {
  it("prints the order as JSON and as a table, with prices on request", async () => {
    const customer = randomUUID();
    const id = await placeOrder(customer, 4);
    const json = await runCli(["orders", "get", "--customer", customer, "--order", id, "--include-price"], {
      env: env(),
    });
    expectExit(json, 0);
    const priced = JSON.parse(json.stdout);
    expect(priced).toMatchObject({ id, totalPrice: expect.any(Number), currencyCode: expect.any(String) });
    expect(emulator().requests.at(-1)?.path).toMatch(/\?include_price=true$/);

    const table = await runCli(
      ["orders", "get", "--customer", customer, "--order", id, "-o", "table", "--include-price"],
      { env: env() },
    );
    expectExit(table, 0);
    expect(table.stdout).toMatch(new RegExp(`^Order +${id}$`, "m"));
    expect(table.stdout).toMatch(new RegExp(`^Customer +${customer}$`, "m"));
    expect(table.stdout).toMatch(
      new RegExp(`^Total price +${priced.totalPrice} ${priced.currencyCode}$`, "m"),
    );
  });

  it("exits 3 when the order does not exist, with the service's code and request id", async () => {
    const result = await runCli(["orders", "get", "--customer", randomUUID(), "--order", "000000000000"], {
      env: env(),
    });
    expectExit(result, 3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Order ID not found");
    expect(result.stderr).toMatch(/status 404 · code 20000 · requestId [0-9a-f-]{36}/);
  });
});

describe("orders list", () => {
  it("prints the first page, and every page with --all", async () => {
    const customer = randomUUID();
    const ids = [await placeOrder(customer), await placeOrder(customer), await placeOrder(customer)];
    const first = await runCli(["orders", "list", "--customer", customer], { env: env() });
    expectExit(first, 0);
    expect(JSON.parse(first.stdout).map((order: { id: string }) => order.id)).toEqual(ids.slice(0, 2));
    expect(first.stderr).toContain("More orders exist: pass --all");

    const all = await runCli(["orders", "list", "--customer", customer, "--all"], { env: env() });
    expectExit(all, 0);
    expect(JSON.parse(all.stdout).map((order: { id: string }) => order.id)).toEqual(ids);
    expect(all.stderr).not.toContain("More orders");

    const table = await runCli(
      ["orders", "list", "--customer", customer, "--all", "--output", "table", "--include-price"],
      { env: env() },
    );
    expectExit(table, 0);
    const rows = table.stdout.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^ORDER +STATUS +BILLING +CREATED +LINES +TOTAL PRICE$/);
    expect(rows.slice(1).map((row) => row.split(/ +/)[0])).toEqual(ids);
    expect(rows[1]).toMatch(/ pending +monthly +\d{4}-\S+ +1 +[\d.]+ [A-Z]{3}$/);
  });

  it("passes the filters to the service", async () => {
    const customer = randomUUID();
    await placeOrder(customer);
    const result = await runCli(
      [
        "orders",
        "list",
        "--customer",
        customer,
        "--billing-type",
        "annual",
        "--indirect-reseller",
        "6a4b9e2f-0000-4c1e-8f8a-0123456789ab",
      ],
      { env: env() },
    );
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(emulator().requests.at(-1)?.path).toBe(
      `/v1/customers/${customer}/orders?billingType=annual&indirect_reseller_id=6a4b9e2f-0000-4c1e-8f8a-0123456789ab`,
    );
  });
});

describe("orders cancel", () => {
  it("cancels a whole order (JSON) or some lines (table)", async () => {
    const customer = randomUUID();
    const whole = await placeOrder(customer);
    // The service refuses to cancel an order still being provisioned (409, 800060).
    emulator().advanceTime(60_000);
    const result = await runCli(["orders", "cancel", "--customer", customer, "--order", whole, "--yes"], {
      env: env(),
    });
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: whole, status: "cancelled" });
    expect(result.stderr).toContain(`Cancel order ${whole} of customer ${customer}: every line item.`);

    const file = join(tmpdir(), `pco-order-${customer}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        lineItems: [
          { offerId: OFFER, quantity: 1 },
          { offerId: OFFER, quantity: 6 },
        ],
      }),
    );
    const created = await runCli(["orders", "create", "--customer", customer, "--file", file, "--yes"], {
      env: env(),
    });
    const partial = JSON.parse(created.stdout).id as string;
    emulator().advanceTime(60_000);
    const lines = await runCli(
      [
        "orders",
        "cancel",
        "--customer",
        customer,
        "--order",
        partial,
        "--lines",
        "1",
        "--yes",
        "-o",
        "table",
      ],
      { env: env() },
    );
    expectExit(lines, 0);
    expect(lines.stdout).toMatch(/^Status +completed$/m);
    // Cancelled lines keep their subscription and show quantity 0.
    expect(lines.stdout).toMatch(new RegExp(`^1 +${OFFER} +0 +[0-9a-f-]{36}$`, "m"));
    expect(lines.stdout).toMatch(new RegExp(`^0 +${OFFER} +1 +[0-9a-f-]{36}$`, "m"));
  });

  it("exits 3 for an order that does not exist", async () => {
    const result = await runCli(["orders", "cancel", "--customer", randomUUID(), "--order", "abc", "--yes"], {
      env: env(),
    });
    expectExit(result, 3);
  });
});

describe("orders status and wait", () => {
  it("status prints each line's provisioning state", async () => {
    const customer = randomUUID();
    const id = await placeOrder(customer, 7);
    const json = await runCli(["orders", "status", "--customer", customer, "--order", id], { env: env() });
    expectExit(json, 0);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        lineItemNumber: 0,
        status: "prefulfillmentPending",
        quantityProvisioningInformation: [{ quantity: 7, status: "prefulfillmentPending" }],
      }),
    ]);
    emulator().advanceTime(60_000);
    const table = await runCli(["orders", "status", "--customer", customer, "--order", id, "-o", "table"], {
      env: env(),
    });
    expectExit(table, 0);
    expect(table.stdout).toBe("LINE  STATUS     QUANTITIES\n0     fulfilled  7 fulfilled\n");
  });

  it("wait polls until provisioned, reporting progress on stderr", async () => {
    const customer = randomUUID();
    const id = await placeOrder(customer, 2);
    const waiting = runCli(["orders", "wait", "--customer", customer, "--order", id, "--interval", "50ms"], {
      env: env(),
    });
    await provisionAfterFirstPoll(id);
    const result = await waiting;
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ lineItemNumber: 0, status: "fulfilled" }),
    ]);
    const progress = result.stderr.trimEnd().split("\n");
    expect(progress).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Waiting for order ${id}: 0 of 1 line items settled \\(0 prefulfillmentPending\\) \\[\\d+m?s\\]$`,
        ),
      ),
      expect.stringMatching(/: 1 of 1 line items settled \(0 fulfilled\)/),
    ]);
    expect(pollsOf(id).length).toBeGreaterThanOrEqual(2);
  });

  it("wait on a terminal rewrites one progress line and keeps the last one", async () => {
    const customer = randomUUID();
    const id = await placeOrder(customer);
    const waiting = runOnTerminal(
      ["orders", "wait", "--customer", customer, "--order", id, "--interval", "50ms"],
      { env: signedInToEmulator(emulator(), { NO_COLOR: "1" }) },
    );
    await provisionAfterFirstPoll(id);
    const result = await waiting;
    expectExit(result, 0);
    expect(result.stdout).toContain(`\r\x1b[2KWaiting for order ${id}: 0 of 1 line items settled`);
    const lastProgress = result.stdout.split("\r\x1b[2K").at(-1) ?? "";
    expect(lastProgress).toMatch(
      /^Waiting for order \w+: 1 of 1 line items settled \(0 fulfilled\) \[\d+m?s\]\nLINE +STATUS/,
    );
  });

  it("wait gives up after --timeout with exit 1", async () => {
    const customer = randomUUID();
    const pending = await placeOrder(customer);
    const result = await runCli(
      [
        "orders",
        "wait",
        "--customer",
        customer,
        "--order",
        pending,
        "--timeout",
        "300ms",
        "--interval",
        "1h",
      ],
      { env: env() },
    );
    expectExit(result, 1);
    expect(result.stderr).toMatch(
      new RegExp(`Order ${pending} was not provisioned within 300ms .*the order is unaffected`),
    );
    expect(result.stdout).toBe("");
  });
});
