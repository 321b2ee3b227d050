/**
 * Ctrl-C (SIGINT) aborts the call in flight and exits 130; a create whose outcome is unknown (interrupted,
 * or answered with a body that cannot be read) prints the command that replays it.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createOrderArgs, eventually, expectExit, OFFER, runCli, startCli } from "./harness.js";
import { orderServerPerFile, signedIn } from "./server-per-file.js";

const server = orderServerPerFile();

describe("Ctrl-C", () => {
  it("during wait: the poll in flight is aborted and the exit code is 130", async () => {
    const customer = randomUUID();
    const created = await runCli(createOrderArgs(customer, 1, "--yes"), { env: signedIn(server()) });
    const id = JSON.parse(created.stdout).id as string;
    server().faults.stallProvisioning = true;
    const { child, result } = startCli(["orders", "wait", "--customer", customer, "--order", id], {
      env: signedIn(server()),
    });
    const isPoll = (request: { path: string }) => request.path.endsWith(`${id}/provisioningstatus`);
    await eventually(() => server().requests.some(isPoll));
    child.kill("SIGINT");
    const finished = await result;
    expectExit(finished, 130);
    expect(finished.stderr).toMatch(/Interrupted\.\n$/);
    expect(finished.stdout).toBe("");
    const poll = server().requests.find(isPoll);
    await eventually(() => poll?.aborted === true);
  });

  it("during create: the order may exist, so the replay command is printed", async () => {
    const customer = randomUUID();
    server().faults.stallCreateAnswers = true;
    const { child, result } = startCli(createOrderArgs(customer, 2, "--yes"), { env: signedIn(server()) });
    await eventually(() => server().orders(customer).length === 1);
    child.kill("SIGINT");
    const finished = await result;
    expectExit(finished, 130);
    const post = server().requests.find(
      (request) => request.method === "POST" && request.path.includes(customer),
    );
    expect(finished.stderr).toContain(
      `partner-center-orders orders create --customer ${customer} --offer ${OFFER} --quantity 2 --yes --request-id ${post?.headers["ms-requestid"]}`,
    );
    await eventually(() => post?.aborted === true);
  });
});

describe("a create answered with an unreadable body", () => {
  it("may have placed the order, so the replay command is printed (exit 1)", async () => {
    const customer = randomUUID();
    server().faults.garbleCreateAnswers = true;
    const result = await runCli(createOrderArgs(customer, 1, "--yes"), { env: signedIn(server()) });
    expectExit(result, 1);
    expect(server().orders(customer)).toHaveLength(1);
    const post = server().requests.find(
      (request) => request.method === "POST" && request.path.includes(customer),
    );
    expect(result.stderr).toContain(`--quantity 1 --yes --request-id ${post?.headers["ms-requestid"]}`);
  });
});
