/** `partner-center-orders emulator` serves the Orders API locally; the order commands work against it. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createOrderArgs, eventually, expectExit, runCli, startCli } from "./harness.js";

describe("partner-center-orders emulator", () => {
  it("--help shows the emulator's options", async () => {
    const result = await runCli(["emulator", "--help"]);
    expectExit(result, 0);
    expect(result.stdout).toContain("--port <n>");
  });

  it("serves orders to the other commands and stops on Ctrl-C", async () => {
    const emulator = startCli(["emulator", "--port", "0"]);
    let output = "";
    emulator.child.stdout?.on("data", (chunk: Buffer | string) => {
      output += String(chunk);
    });
    await eventually(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(output));
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    const env = { PARTNER_CENTER_TOKEN: "emulator-token", PARTNER_CENTER_ENDPOINT: `${url}/v1` };
    const customer = randomUUID();
    const created = await runCli(createOrderArgs(customer, 3, "--yes"), { env });
    expectExit(created, 0);
    const order = JSON.parse(created.stdout) as { id: string };
    const listed = await runCli(["orders", "list", "--customer", customer], { env });
    expectExit(listed, 0);
    expect(JSON.parse(listed.stdout).map((each: { id: string }) => each.id)).toEqual([order.id]);

    emulator.child.kill("SIGINT");
    const stopped = await emulator.result;
    expectExit(stopped, 0);
    expect(output).toContain("Emulator stopped (2 requests served).");
  });

  it("a bad option is exit 2", async () => {
    const result = await runCli(["emulator", "--port", "x"]);
    expectExit(result, 2);
  });
});
