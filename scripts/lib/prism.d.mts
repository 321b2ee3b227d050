export declare const REPO_ROOT: string;
/** generated/openapi.json, the bundled spec. */
export declare const BUNDLED_SPEC: string;

export interface RunningPrism {
  url: string;
  pid: number;
  /** Stops the whole process group: SIGTERM, then SIGKILL if it has not exited in time. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  /** The document to mock. Default BUNDLED_SPEC. */
  spec?: string;
  /** Extra CLI arguments after `mock <spec>`. */
  args?: string[];
  /** A path Prism serves, polled to detect readiness. Default "/". */
  probePath?: string;
  /** Called on every unanswered poll (for progress dots). */
  onWait?: () => void;
  readyTimeoutInMs?: number;
}

export declare function startPrism(options?: StartPrismOptions): Promise<RunningPrism>;
