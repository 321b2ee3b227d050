/** The emulator and a client of it, for the emulator's own tests. */
import { afterEach } from "vitest";
import { PartnerCenterClient, type PartnerCenterClientOptions } from "../../src/index.js";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/testing/index.js";

export const CUSTOMER = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
export const OTHER_CUSTOMER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
export const TOKEN = "emulator-test-token";
export const LICENCE = {
  offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971",
  quantity: 5,
  friendlyName: "Business Basic",
};

const started: Emulator[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.close()));
});

/** An emulator closed after the test. */
export async function emulatorForTest(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  started.push(emulator);
  return emulator;
}

/** The public client pointed at the emulator: no client-side rate limit, quick retries. */
export function clientOf(
  emulator: Emulator,
  options: Partial<PartnerCenterClientOptions> = {},
): PartnerCenterClient {
  return new PartnerCenterClient({
    credential: TOKEN,
    endpoint: emulator.url,
    throttling: false,
    retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    ...options,
  });
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A request as any HTTP client could send it, for what the typed client refuses to send. */
export async function send(
  emulator: Emulator,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? TOKEN}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${emulator.url}/v1${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

export const newOrderBody = (lines = [LICENCE]) => ({
  lineItems: lines.map((line, lineItemNumber) => ({ lineItemNumber, ...line })),
});
