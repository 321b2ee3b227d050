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
  /** Rejects with the signal's reason as soon as it aborts, whatever the credential does. */
  getToken(abortSignal?: AbortSignal): Promise<string>;
  /** The service refused `token` (401): forget it, so the next attempt asks the credential again. */
  invalidate(token: string): void;
}

/** A token this package refused (empty, "Bearer …", whitespace); its message never quotes the token. */
export class InvalidTokenError extends TypeError {}

const REFRESH_BEFORE_EXPIRY_IN_MS = 2 * 60_000;
/** Header-safe, no spaces: rules out "Bearer xyz", line breaks and accidental padding. */
const TOKEN_PATTERN = /^[\x21-\x7E]+$/;

/** Throws TypeError for credentials that can never work, so the mistake shows before any request. */
export function createTokenSource(credential: PartnerCenterCredential, clock: Clock): TokenSource {
  if (typeof credential === "string") {
    const token = checkToken(credential, "The credential string", TypeError);
    return { getToken: async () => token, invalidate: () => {} };
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
        throw new InvalidTokenError("The TokenCredential returned no token for the Partner Center scope.");
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

/** One refresh shared by every caller waiting for it. */
interface SharedRefresh {
  promise: Promise<string>;
  controller: AbortController;
  waiters: number;
}

/**
 * Concurrent callers share one refresh. Each caller waits under its own signal and, when that fires,
 * leaves with its own reason; when the last one leaves, the refresh is aborted and dropped at once (a
 * credential that ignores its signal cannot hold later calls hostage), and a failed refresh is dropped
 * as it fails. The next caller then starts a new one.
 */
function cachingSource(
  fetchToken: (abortSignal: AbortSignal) => Promise<CachedToken>,
  clock: Clock,
): TokenSource {
  let cached: CachedToken | undefined;
  let refresh: SharedRefresh | undefined;

  const startRefresh = (): SharedRefresh => {
    const controller = new AbortController();
    const shared: SharedRefresh = { waiters: 0, controller, promise: Promise.resolve("") };
    shared.promise = (async () => {
      try {
        const token = await fetchToken(controller.signal);
        if (refresh === shared) cached = token;
        return token.token;
      } catch (error) {
        // A failed early refresh is not fatal while the old token is still good.
        if (cached?.expiresOnTimestamp !== undefined && clock.now() < cached.expiresOnTimestamp)
          return cached.token;
        throw error;
      } finally {
        if (refresh === shared) refresh = undefined;
      }
    })();
    shared.promise.catch(() => {});
    return shared;
  };

  const leave = (shared: SharedRefresh, reason: unknown) => {
    shared.waiters--;
    if (shared.waiters > 0) return;
    if (refresh === shared) refresh = undefined;
    shared.controller.abort(reason);
  };

  return {
    getToken(abortSignal) {
      if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
      if (cached && isFresh(cached, clock.now())) return Promise.resolve(cached.token);
      refresh ??= startRefresh();
      const shared = refresh;
      shared.waiters++;
      return new Promise<string>((resolve, reject) => {
        let waiting = true;
        const onAbort = () => {
          waiting = false;
          leave(shared, abortSignal?.reason);
          reject(abortSignal?.reason);
        };
        const settle = () => {
          if (!waiting) return false;
          waiting = false;
          abortSignal?.removeEventListener("abort", onAbort);
          shared.waiters--;
          return true;
        };
        abortSignal?.addEventListener("abort", onAbort, { once: true });
        shared.promise.then(
          (token) => settle() && resolve(token),
          (error: unknown) => settle() && reject(error),
        );
      });
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
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
      throw new InvalidTokenError(`${from} returned an AccessToken without a string token.`);
    if (typeof expiresOnTimestamp !== "number" || !Number.isFinite(expiresOnTimestamp)) {
      throw new InvalidTokenError(`${from} returned an AccessToken without a numeric expiresOnTimestamp.`);
    }
    return {
      token: checkToken(token, from),
      expiresOnTimestamp,
      refreshAfterTimestamp: typeof refreshAfterTimestamp === "number" ? refreshAfterTimestamp : undefined,
    };
  }
  throw new InvalidTokenError(`${from} returned neither a token string nor an AccessToken.`);
}

/** Validates without ever echoing the token. */
function checkToken(
  token: string,
  from: string,
  Failure: new (message: string) => TypeError = InvalidTokenError,
): string {
  if (token.trim() === "") throw new Failure(`${from} is empty.`);
  if (/^bearer\s/i.test(token)) throw new Failure(`${from} starts with "Bearer "; pass the bare token.`);
  if (!TOKEN_PATTERN.test(token)) {
    throw new Failure(`${from} contains whitespace or characters not allowed in an HTTP header.`);
  }
  return token;
}
