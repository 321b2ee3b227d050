/**
 * One HTTP exchange with the emulator: read the request, record it (without its token), let dispatch.ts
 * answer it, check the answer against the spec (a mismatch becomes a loud 500 and a recorded violation),
 * then send it, hold it back or cut the connection as the faults say.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type DispatchDependencies, dispatch, type Outcome } from "./dispatch.js";
import type { ServiceAnswer } from "./operation.js";
import { refusals } from "./service-errors.js";

export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/v1/customers/{id}/orders`. */
  path: string;
  /** Lower-case names; `authorization` is never kept. */
  headers: Record<string, string>;
  /** Parsed JSON, the text of any other body, or undefined. */
  body: unknown;
  operationId: string | undefined;
  /** The status answered; undefined when the connection was cut instead. */
  status: number | undefined;
}

export interface EmulatorViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  errors: string[];
}

/** A test-only hook: rewrites an answer before it is checked (proves the check catches a wrong one). */
export type AnswerTamper = (operationId: string, answer: ServiceAnswer) => ServiceAnswer;

export interface ExchangeEnvironment {
  deps: DispatchDependencies;
  requests: RecordedRequest[];
  violations: EmulatorViolation[];
  onViolation: (violation: EmulatorViolation) => void;
  tamper: AnswerTamper | undefined;
  /** Aborted by close(): answers held back are cut instead of sent. */
  closing: AbortSignal;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The server's request listener. */
export function createExchangeHandler(env: ExchangeEnvironment) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    exchange(env, req, res).catch((error: unknown) => {
      // A bug of the emulator: answer loudly rather than hang the caller.
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify(refusals.emulatorFault([String(error instanceof Error ? error.stack : error)]).body),
        );
      } else res.destroy();
    });
  };
}

async function exchange(env: ExchangeEnvironment, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const bytes = await readBody(req);
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const record: RecordedRequest = {
    method: req.method ?? "GET",
    path: `${url.pathname}${url.search}`,
    headers: withoutToken(req.headers),
    body: bytes === undefined ? undefined : describeBody(bytes, req.headers["content-type"]),
    operationId: undefined,
    status: undefined,
  };
  env.requests.push(record);
  let outcome: Outcome;
  if (bytes === undefined) {
    outcome = {
      operationId: undefined,
      answer: { status: 400, body: refusals.invalidInput(["the body is too large"]).body },
      dropConnection: false,
      delayInMs: 0,
    };
  } else {
    outcome = await dispatch({ method: record.method, url, headers: req.headers, bytes }, env.deps);
  }
  record.operationId = outcome.operationId;
  let answer =
    env.tamper && outcome.operationId ? env.tamper(outcome.operationId, outcome.answer) : outcome.answer;
  const ids = {
    requestId: echoedId(req, "ms-requestid"),
    correlationId: echoedId(req, "ms-correlationid"),
  };
  const headers = responseHeaders(ids, answer);
  if (outcome.operationId !== undefined) {
    const errors = env.deps.contract.checkResponse(outcome.operationId, {
      status: answer.status,
      headers,
      contentType: headers["Content-Type"],
      body: answer.bytes ?? answer.body,
    });
    if (errors.length > 0) {
      const violation = {
        operationId: outcome.operationId,
        method: record.method,
        path: record.path,
        status: answer.status,
        errors,
      };
      env.violations.push(violation);
      env.onViolation(violation);
      answer = { status: 500, body: refusals.emulatorFault(errors).body };
    }
  }
  if (outcome.delayInMs > 0) await pause(outcome.delayInMs, env.closing);
  if (outcome.dropConnection || env.closing.aborted) {
    req.socket.destroy();
    return;
  }
  record.status = answer.status;
  const payload =
    answer.bytes ?? (answer.body === undefined ? undefined : Buffer.from(JSON.stringify(answer.body)));
  res.writeHead(answer.status, {
    ...responseHeaders(ids, answer),
    ...(payload ? { "Content-Length": String(payload.byteLength) } : {}),
  });
  res.end(payload);
}

/** The body, or undefined when it is larger than the emulator takes. */
async function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function withoutToken(headers: IncomingMessage["headers"]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === "authorization" || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return kept;
}

function describeBody(bytes: Uint8Array, contentType: string | undefined): unknown {
  if (bytes.byteLength === 0) return undefined;
  const text = Buffer.from(bytes).toString("utf8");
  if (/json/i.test(contentType ?? "")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The caller's id echoed back, or one made up for it (as the service does). */
function echoedId(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : crypto.randomUUID();
}

function responseHeaders(
  ids: { requestId: string; correlationId: string },
  answer: ServiceAnswer,
): Record<string, string> {
  return {
    "Content-Type": answer.contentType ?? "application/json; charset=utf-8",
    "MS-RequestId": ids.requestId,
    "MS-CorrelationId": ids.correlationId,
    "MS-CV": "emulator.0",
    ...answer.headers,
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
