import { describe, expect, it } from "vitest";
import { startAttemptSignal } from "../../src/pipeline/attempt-signal.js";

describe("startAttemptSignal", () => {
  it("aborts with the call's own reason when the call is aborted", () => {
    const call = new AbortController();
    const attempt = startAttemptSignal(call.signal, 60_000);
    const reason = new Error("caller gave up");
    call.abort(reason);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe(reason);
    expect(attempt.timedOut).toBe(false);
    attempt.end();
  });

  it("starts aborted when the call already is", () => {
    const call = new AbortController();
    call.abort("early");
    const attempt = startAttemptSignal(call.signal, 60_000);
    expect(attempt.signal.reason).toBe("early");
    attempt.end();
  });

  it("aborts with a TimeoutError once its time is up", async () => {
    const attempt = startAttemptSignal(new AbortController().signal, 5);
    await new Promise((resolve) => attempt.signal.addEventListener("abort", resolve));
    expect(attempt.timedOut).toBe(true);
    expect(attempt.signal.reason).toMatchObject({ name: "TimeoutError" });
    attempt.end();
  });

  it("after end(), neither the timer nor the call's abort reaches it", async () => {
    const call = new AbortController();
    const attempt = startAttemptSignal(call.signal, 5);
    attempt.end();
    call.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(attempt.signal.aborted).toBe(false);
    expect(attempt.timedOut).toBe(false);
  });
});
