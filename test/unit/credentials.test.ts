import { describe, expect, it } from "vitest";
import { type AccessToken, createTokenSource, PARTNER_CENTER_SCOPE } from "../../src/credentials.js";
import { ManualClock } from "../../src/internal.js";

const MINUTE = 60_000;

describe("credentials", () => {
  it.each([
    ["an empty string", ""],
    ["whitespace", "   "],
    ["a Bearer prefix", "Bearer abc.def"],
    ["a line break", "abc\r\nX-Injected: 1"],
    ["an inner space", "abc def"],
  ])("rejects %s at construction with TypeError", (_label, token) => {
    expect(() => createTokenSource(token, new ManualClock())).toThrow(TypeError);
  });

  it.each([
    ["null", null],
    ["a number", 42],
    ["an object without getToken", { token: "x" }],
  ])("rejects %s as a credential", (_label, credential) => {
    expect(() => createTokenSource(credential as never, new ManualClock())).toThrow(TypeError);
  });

  it("rejects a malformed token from a function at first use", async () => {
    const source = createTokenSource(() => " ", new ManualClock());
    await expect(source.getToken()).rejects.toThrow(TypeError);
  });

  it("accepts sync and async functions", async () => {
    await expect(createTokenSource(() => "sync-token", new ManualClock()).getToken()).resolves.toBe(
      "sync-token",
    );
    await expect(createTokenSource(async () => "async-token", new ManualClock()).getToken()).resolves.toBe(
      "async-token",
    );
  });

  it("asks a TokenCredential for the Partner Center scope and passes an abort signal", async () => {
    const calls: unknown[][] = [];
    const credential = {
      getToken: async (...args: unknown[]) => {
        calls.push(args);
        return { token: "cred-token", expiresOnTimestamp: 60 * MINUTE };
      },
    };
    await expect(createTokenSource(credential, new ManualClock()).getToken()).resolves.toBe("cred-token");
    expect(calls[0]?.[0]).toBe(PARTNER_CENTER_SCOPE);
    expect((calls[0]?.[1] as { abortSignal?: unknown } | undefined)?.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it("treats a null token from a TokenCredential as an error", async () => {
    const source = createTokenSource({ getToken: async () => null }, new ManualClock());
    await expect(source.getToken()).rejects.toThrow(/no token/);
  });

  it("caches until two minutes before expiry, then refreshes", async () => {
    const clock = new ManualClock(0);
    let issued = 0;
    const credential = {
      getToken: async (): Promise<AccessToken> => ({
        token: `token-${++issued}`,
        expiresOnTimestamp: clock.now() + 10 * MINUTE,
      }),
    };
    const source = createTokenSource(credential, clock);
    expect(await source.getToken()).toBe("token-1");
    clock.advance(7 * MINUTE);
    expect(await source.getToken()).toBe("token-1");
    clock.advance(1 * MINUTE + 1);
    expect(await source.getToken()).toBe("token-2");
    expect(issued).toBe(2);
  });

  it("shares one refresh between concurrent callers", async () => {
    let issued = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const credential = {
      getToken: async (): Promise<AccessToken> => {
        issued++;
        await gate;
        return { token: "shared", expiresOnTimestamp: 60 * MINUTE };
      },
    };
    const source = createTokenSource(credential, new ManualClock());
    const all = Promise.all([source.getToken(), source.getToken(), source.getToken()]);
    release();
    expect(await all).toEqual(["shared", "shared", "shared"]);
    expect(issued).toBe(1);
  });

  it("keeps using a still-valid token when an early refresh fails", async () => {
    const clock = new ManualClock(0);
    let fail = false;
    const credential = {
      getToken: async (): Promise<AccessToken> => {
        if (fail) throw new Error("identity service down");
        return { token: "first", expiresOnTimestamp: 10 * MINUTE };
      },
    };
    const source = createTokenSource(credential, clock);
    await source.getToken();
    fail = true;
    clock.advance(9 * MINUTE);
    expect(await source.getToken()).toBe("first");
    clock.advance(2 * MINUTE);
    await expect(source.getToken()).rejects.toThrow("identity service down");
  });

  it("lets one caller abort its wait without failing the others", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const credential = {
      getToken: async (): Promise<AccessToken> => {
        await gate;
        return { token: "late", expiresOnTimestamp: 60 * MINUTE };
      },
    };
    const source = createTokenSource(credential, new ManualClock());
    const controller = new AbortController();
    const impatient = source.getToken(controller.signal);
    const patient = source.getToken();
    controller.abort();
    await expect(impatient).rejects.toMatchObject({ name: "AbortError" });
    release();
    await expect(patient).resolves.toBe("late");
  });
});
