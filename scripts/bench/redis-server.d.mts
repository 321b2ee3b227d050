// Types of redis-server.mjs, for the Redis tests.
export const INSTALL_HINT: string;
export interface RedisProcess {
  port: number;
  url: string;
  pid: number;
  /** Sends SIGTERM, then SIGKILL after 2 s; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the server: connected, but no answers, like a network split. */
  freeze(): void;
  thaw(): void;
}
export interface RedisCluster {
  nodes: RedisProcess[];
  stop(): Promise<void>;
}
export function requireRedisServer(): void;
export function freePort(): Promise<number>;
export function startRedis(extraArgs?: string[], directory?: string): Promise<RedisProcess>;
export function startCluster(): Promise<RedisCluster>;
export function command(port: number, line: string, timeoutInMs?: number): Promise<string>;
