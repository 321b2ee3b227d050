/**
 * Where access tokens come from. Accepts a token string, a function returning one, or anything shaped
 * like @azure/identity's TokenCredential (without depending on it). Tokens with an expiry are cached and
 * refreshed two minutes early; concurrent callers share one refresh. The token lives only in closures
 * here, never on an object someone might log.
 */
import type { Clock } from "./pipeline/clock.js";

/** The Microsoft Entra scope of the Partner Center API. */
export const PARTNER_CENTER_SCOPE = "https://api.partnercenter.microsoft.com/.default";

export interface AccessToken {
  token: string;
  /** When the token expires, in milliseconds since the epoch. */
  expiresOnTimestamp: number;
  /** When to refresh it, if the issuer says (milliseconds since the epoch). */
  refreshAfterTimestamp?: number;
}

export interface GetTokenOptions {
  abortSignal?: AbortSignal;
}

/** The part of @azure/identity's TokenCredential this client uses. */
export interface TokenCredential {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

/** A function that returns a token (or an AccessToken with its expiry), synchronously or not. */
export type TokenProvider = (
  options: GetTokenOptions,
) => string | AccessToken | Promise<string | AccessToken>;

export type PartnerCenterCredential = string | TokenProvider | TokenCredential;

/** Hands out a valid bearer token per attempt. */
export interface TokenSource {
  getToken(abortSignal?: AbortSignal): Promise<string>;
}

const REFRESH_BEFORE_EXPIRY_IN_MS = 2 * 60_000;
/** Header-safe, no spaces: rules out "Bearer xyz", line breaks and accidental padding. */
const TOKEN_PATTERN = /^[\x21-\x7E]+$/;

/** Throws TypeError for credentials that can never work, so the mistake shows before any request. */
export function createTokenSource(credential: PartnerCenterCredential, clock: Clock): TokenSource {
  if (typeof credential === "string") {
    const token = checkToken(credential, "The credential string");
    return { getToken: async () => token };
  }
  if (typeof credential === "function") {
    return cachingSource(
      async (abortSignal) => toAccessToken(await credential({ abortSignal }), "The token function"),
      clock,
    );
  }
  if (typeof credential === "object" && credential !== null && typeof credential.getToken === "function") {
    return cachingSource(async (abortSignal) => {
      const result = await credential.getToken(PARTNER_CENTER_SCOPE, { abortSignal });
      if (result === null || result === undefined) {
        throw new TypeError("The TokenCredential returned no token for the Partner Center scope.");
      }
      return toAccessToken(result, "The TokenCredential");
    }, clock);
  }
  throw new TypeError(
    "credential must be a token string, a function returning a token, or an object with getToken(scopes, options).",
  );
}

interface CachedToken {
  token: string;
  /** Undefined: no expiry known, so ask again next time. */
  expiresOnTimestamp: number | undefined;
  refreshAfterTimestamp: number | undefined;
}

function cachingSource(
  fetchToken: (abortSignal: AbortSignal) => Promise<CachedToken>,
  clock: Clock,
): TokenSource {
  let cached: CachedToken | undefined;
  let refresh: SharedRefresh | undefined;

  const startRefresh = (): SharedRefresh => {
    const controller = new AbortController();
    const shared: SharedRefresh = {
      waiters: 0,
      controller,
      promise: fetchToken(controller.signal).then(
        (token) => {
          cached = token;
          return token.token;
        },
        (error: unknown) => {
          // A failed early refresh is not fatal while the old token is still good.
          if (cached?.expiresOnTimestamp !== undefined && clock.now() < cached.expiresOnTimestamp)
            return cached.token;
          throw error;
        },
      ),
    };
    void shared.promise
      .finally(() => {
        if (refresh === shared) refresh = undefined;
      })
      .catch(() => {});
    return shared;
  };

  return {
    getToken(abortSignal) {
      if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
      if (cached && isFresh(cached, clock.now())) return Promise.resolve(cached.token);
      refresh ??= startRefresh();
      return waitFor(refresh, abortSignal);
    },
  };
}

interface SharedRefresh {
  promise: Promise<string>;
  controller: AbortController;
  waiters: number;
}

/** Each caller may give up on its own; the refresh is aborted only when every caller has. */
function waitFor(shared: SharedRefresh, abortSignal: AbortSignal | undefined): Promise<string> {
  if (!abortSignal) return shared.promise;
  shared.waiters++;
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => {
      shared.waiters--;
      if (shared.waiters === 0) shared.controller.abort(abortSignal.reason);
      reject(abortSignal.reason);
    };
    abortSignal.addEventListener("abort", onAbort, { once: true });
    shared.promise.then(
      (token) => {
        abortSignal.removeEventListener("abort", onAbort);
        resolve(token);
      },
      (error: unknown) => {
        abortSignal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function isFresh(token: CachedToken, now: number): boolean {
  if (token.expiresOnTimestamp === undefined) return false;
  const refreshAt = token.refreshAfterTimestamp ?? token.expiresOnTimestamp - REFRESH_BEFORE_EXPIRY_IN_MS;
  return now < Math.min(refreshAt, token.expiresOnTimestamp - REFRESH_BEFORE_EXPIRY_IN_MS);
}

function toAccessToken(value: unknown, from: string): CachedToken {
  if (typeof value === "string") {
    return {
      token: checkToken(value, from),
      expiresOnTimestamp: undefined,
      refreshAfterTimestamp: undefined,
    };
  }
  if (typeof value === "object" && value !== null && "token" in value) {
    const { token, expiresOnTimestamp, refreshAfterTimestamp } = value as Partial<AccessToken>;
    if (typeof token !== "string")
      throw new TypeError(`${from} returned an AccessToken without a string token.`);
    if (typeof expiresOnTimestamp !== "number" || !Number.isFinite(expiresOnTimestamp)) {
      throw new TypeError(`${from} returned an AccessToken without a numeric expiresOnTimestamp.`);
    }
    return {
      token: checkToken(token, from),
      expiresOnTimestamp,
      refreshAfterTimestamp: typeof refreshAfterTimestamp === "number" ? refreshAfterTimestamp : undefined,
    };
  }
  throw new TypeError(`${from} returned neither a token string nor an AccessToken.`);
}

/** Validates without ever echoing the token. */
function checkToken(token: string, from: string): string {
  if (token.trim() === "") throw new TypeError(`${from} is empty.`);
  if (/^bearer\s/i.test(token)) throw new TypeError(`${from} starts with "Bearer "; pass the bare token.`);
  if (!TOKEN_PATTERN.test(token)) {
    throw new TypeError(`${from} contains whitespace or characters not allowed in an HTTP header.`);
  }
  return token;
}
