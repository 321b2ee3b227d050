export interface StaticServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:8080/ */
  url: string;
  port: number;
  close(): Promise<void>;
}
export function serveStatic(root: string, options?: { host?: string; port?: number }): Promise<StaticServer>;
