/**
 * The faults the fault server can inject, and when each one happens relative to the commit of an
 * order. "After commit" faults are the dangerous ones: the purchase exists but the client never sees
 * the answer, so only a reused MS-RequestId keeps a retry from buying twice.
 */

export const FAULT_KINDS = [
  /** Behave like the service. */
  "none",
  /** Close the connection before anything is committed. */
  "drop-before-commit",
  /** Commit the order, then close the connection: the 201 is lost. */
  "drop-after-commit",
  /** 503 with a Partner Center error body; nothing committed. */
  "unavailable-503",
  /** 429 with `Retry-After: <seconds>`; nothing committed. */
  "throttle-429-seconds",
  /** 429 with `Retry-After: <HTTP date>`; nothing committed. */
  "throttle-429-date",
  /** Commit, then answer later than the per-attempt timeout. */
  "slow-after-commit",
  /** Wait longer than the per-attempt timeout, then commit (the retry may already have committed). */
  "slow-then-commit",
  /** A gateway's HTML error page (502 text/html); nothing committed. */
  "gateway-html-502",
  /** Commit, send a Content-Length larger than the body, then close the connection. */
  "truncated-after-commit",
  /** Commit, answer 2xx with a body that is not JSON. */
  "invalid-json-after-commit",
  /** Commit, answer 2xx with an empty body. */
  "empty-after-commit",
  /** Commit, answer the right JSON labelled `text/plain`. */
  "wrong-content-type",
  /** Commit, answer JSON carrying `__proto__` / `constructor` / `prototype` keys. */
  "proto-keys",
  /** Commit, answer a very large (but valid) JSON body. */
  "huge-body",
  /** Commit, answer 2xx with an HTML page labelled text/html. */
  "html-200",
  /** Commit, answer 2xx with the JSON `[]`. */
  "json-array-body",
  /** Commit, answer 2xx with the JSON `null`. */
  "json-null-body",
  /** Commit, answer 2xx with valid JSON nested 100,000 levels deep. */
  "deeply-nested-json",
  /** Commit, answer 2xx labelled `Content-Encoding: gzip` with bytes that are not gzip. */
  "bad-gzip",
  /** Commit, send the headers and half the body, then stall with the connection open. */
  "stalled-body",
  /** 400 whose Partner Center error body carries `__proto__` / `constructor` keys; nothing committed. */
  "error-proto-keys",
  /** 401 whose JSON error body quotes the request's Authorization header (a debugging gateway). */
  "echo-auth-401",
  /** 502 HTML page that prints the request headers, Authorization included. */
  "echo-auth-html-502",
  /** 503 that copies the Authorization header into a response header. */
  "echo-auth-header-503",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults after which the service holds the order even though the client saw no good answer. */
export const COMMITTING_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "none",
  "drop-after-commit",
  "slow-after-commit",
  "slow-then-commit",
  "truncated-after-commit",
  "invalid-json-after-commit",
  "empty-after-commit",
  "wrong-content-type",
  "proto-keys",
  "huge-body",
  "html-200",
  "json-array-body",
  "json-null-body",
  "deeply-nested-json",
  "bad-gzip",
  "stalled-body",
]);

/** Faults where the wire breaks or stalls (the ones figure 1 mixes). */
export const TRANSPORT_FAULTS: readonly FaultKind[] = [
  "drop-before-commit",
  "drop-after-commit",
  "unavailable-503",
  "throttle-429-seconds",
  "throttle-429-date",
  "slow-after-commit",
  "slow-then-commit",
  "gateway-html-502",
  "truncated-after-commit",
  "stalled-body",
];

/** Faults that send the caller's own token back, to see whether the client passes it on (figure 4). */
export const ECHO_FAULTS: readonly FaultKind[] = [
  "echo-auth-401",
  "echo-auth-html-502",
  "echo-auth-header-503",
];

/** Faults where an answer arrives but its body is wrong (figure 2). */
export const MALFORMED_BODY_FAULTS: readonly FaultKind[] = [
  "invalid-json-after-commit",
  "empty-after-commit",
  "html-200",
  "json-array-body",
  "json-null-body",
  "deeply-nested-json",
  "wrong-content-type",
  "proto-keys",
  "huge-body",
  "bad-gzip",
  "stalled-body",
  "truncated-after-commit",
  "gateway-html-502",
  "error-proto-keys",
];
