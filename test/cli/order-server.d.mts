import type { IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";

export interface OrderServerOptions {
  /** The bearer token the server accepts; anything else gets 401. Default "test-token". */
  token?: string;
  /** Orders per page of a list. Default 50. */
  pageSize?: number;
  /** Provisioning polls answered PrefulfillmentPending before the lines are Fulfilled. Default 1. */
  provisionAfterPolls?: number;
}

export interface ServerRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** True when the client closed the connection before the server answered. */
  aborted: boolean;
  socket: Socket;
}

export interface OrderServer {
  /** The API root to pass as --endpoint, ending in /v1. */
  endpoint: string;
  origin: string;
  requests: ServerRequest[];
  faults: {
    /** Creates are committed, then the connection is closed without an answer. */
    dropCreateAnswers: boolean;
    /** Creates are committed, then never answered. */
    stallCreateAnswers: boolean;
    /** Provisioning polls never get an answer. */
    stallProvisioning: boolean;
    /** Provisioning polls answer that nothing has moved on. */
    holdProvisioning: boolean;
    /** Order reads fail with a body quoting the Authorization header. */
    echoAuthorization: boolean;
  };
  // biome-ignore lint/suspicious/noExplicitAny: orders are JSON as the service sends them.
  orders(customerId: string): any[];
  close(): Promise<void>;
}

export function startOrderServer(options?: OrderServerOptions): Promise<OrderServer>;
