/**
 * RedisRateLimitStore: the per-tenant sliding windows in Redis, so every process that points at the
 * same Redis shares one budget per tenant. One sorted set per tenant, named with the tenant as hash
 * tag (`{tenant}`) so each decision touches one key on one Cluster node; each decision is one script
 * call (EVALSHA, falling back to EVAL once when the server does not know the script yet).
 */
import { createHash, randomBytes } from "node:crypto";
import type { RateLimitDecision, RateLimitStore } from "../pipeline/rate-limit-store.js";
import { SETTLE_SCRIPT, TAKE_SCRIPT } from "./scripts.js";

/** The part of a node-redis (`redis` package) client or cluster the store uses. */
export interface NodeRedisScriptClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The part of an `ioredis` client or cluster the store uses. */
export interface IoredisScriptClient {
  evalsha(sha1: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
}

export interface RedisRateLimitStoreOptions {
  /** A connected client: `createClient()` / `createCluster()` of `redis`, or an `ioredis` client. */
  client: NodeRedisScriptClient | IoredisScriptClient;
  /** Prepended to every key. Default `"partner-center-orders:rate:"`. */
  keyPrefix?: string;
}

export const DEFAULT_KEY_PREFIX = "partner-center-orders:rate:";

type RunScript = (script: Script, key: string, args: string[]) => Promise<unknown>;

interface Script {
  source: string;
  sha1: string;
}

const script = (source: string): Script => ({
  source,
  sha1: createHash("sha1").update(source).digest("hex"),
});
const TAKE = script(TAKE_SCRIPT);
const SETTLE = script(SETTLE_SCRIPT);

export class RedisRateLimitStore implements RateLimitStore {
  readonly #run: RunScript;
  readonly #keyPrefix: string;
  /** Multiplies the server's clock: 1, except where tests and benchmarks compress time. */
  readonly #timeScale: string;
  /** Send ids: unique per store (random) and per send (counter). */
  readonly #idPrefix = randomBytes(6).toString("base64url");
  #sends = 0;

  constructor(options: RedisRateLimitStoreOptions, timeScale = 1) {
    if (typeof options !== "object" || options === null)
      throw new TypeError("redisRateLimitStore needs an options object with a client.");
    this.#run = scriptRunner(options.client);
    const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    if (typeof keyPrefix !== "string") throw new TypeError("options.keyPrefix must be a string.");
    if (/[{}]/.test(keyPrefix)) throw new TypeError("options.keyPrefix must not contain { or }.");
    this.#keyPrefix = keyPrefix;
    this.#timeScale = String(timeScale);
  }

  async take(tenant: string, limit: number, windowInMs: number): Promise<RateLimitDecision> {
    const sendId = `${this.#idPrefix}:${(this.#sends++).toString(36)}`;
    const reply = await this.#run(TAKE, this.#key(tenant), [
      String(limit),
      String(windowInMs),
      sendId,
      this.#timeScale,
    ]);
    const [retryInMs, inWindow] = Array.isArray(reply) ? reply.map(Number) : [];
    if (!Number.isFinite(retryInMs) || !Number.isFinite(inWindow))
      throw new Error("Unexpected reply from the rate limit script.");
    return retryInMs === 0
      ? { granted: true, sendId, inWindow: inWindow as number }
      : { granted: false, retryInMs: retryInMs as number };
  }

  async settle(tenant: string, sendId: string, windowInMs: number): Promise<void> {
    await this.#run(SETTLE, this.#key(tenant), ["0", String(windowInMs), sendId, this.#timeScale]);
  }

  /** The hash tag puts every key of one tenant in one Cluster slot. */
  #key(tenant: string): string {
    return `${this.#keyPrefix}{${tenant}}`;
  }
}

/** EVALSHA through whichever client this is; EVAL when the server has not seen the script. */
function scriptRunner(client: unknown): RunScript {
  const candidate = client as Partial<NodeRedisScriptClient & IoredisScriptClient> | null;
  if (typeof candidate?.evalSha === "function" && typeof candidate.eval === "function") {
    const nodeRedis = client as NodeRedisScriptClient;
    return withScriptLoad(
      (s, key, args) => nodeRedis.evalSha(s.sha1, { keys: [key], arguments: args }),
      (s, key, args) => nodeRedis.eval(s.source, { keys: [key], arguments: args }),
    );
  }
  if (typeof candidate?.evalsha === "function" && typeof candidate.eval === "function") {
    const ioredis = client as IoredisScriptClient;
    return withScriptLoad(
      (s, key, args) => ioredis.evalsha(s.sha1, 1, key, ...args),
      (s, key, args) => ioredis.eval(s.source, 1, key, ...args),
    );
  }
  throw new TypeError("options.client must be a connected client of the `redis` or `ioredis` package.");
}

function withScriptLoad(bySha: RunScript, bySource: RunScript): RunScript {
  return async (s, key, args) => {
    try {
      return await bySha(s, key, args);
    } catch (error) {
      // A restarted server, a failover or a new Cluster node has an empty script cache.
      if (error instanceof Error && error.message.startsWith("NOSCRIPT")) return bySource(s, key, args);
      throw error;
    }
  };
}
