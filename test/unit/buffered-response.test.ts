import { describe, expect, it } from "vitest";
import { BufferedResponse, ParsedJsonResponse } from "../../src/pipeline/buffered-response.js";

const init = () => ({
  status: 200,
  statusText: "OK",
  headers: { "content-type": "application/json", "content-length": "11" },
});
const bytesOf = (text: string) => new TextEncoder().encode(text);

describe("BufferedResponse", () => {
  it("is a Response that answers every read from its bytes", async () => {
    const response = new BufferedResponse(bytesOf('{"a":"é"}'), init());
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("11");
    expect(await response.clone().text()).toBe('{"a":"é"}');
    expect(await response.clone().json()).toEqual({ a: "é" });
    expect(new Uint8Array(await response.clone().arrayBuffer())).toEqual(bytesOf('{"a":"é"}'));
    const blob = await response.clone().blob();
    expect(blob.type).toBe("application/json");
    expect(await blob.text()).toBe('{"a":"é"}');
    expect(await new Response(response.clone().body).text()).toBe('{"a":"é"}');
  });

  it("can be read once, like any Response, and not cloned after", async () => {
    const response = new BufferedResponse(bytesOf("hello"), init());
    expect(response.bodyUsed).toBe(false);
    await response.text();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
    await expect(response.arrayBuffer()).rejects.toBeInstanceOf(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it("hands out copies, so writing into one read does not change a clone", async () => {
    const response = new BufferedResponse(bytesOf("abc"), init());
    const copy = response.clone();
    new Uint8Array(await response.arrayBuffer()).fill(0);
    expect(await copy.text()).toBe("abc");
  });

  it("counts reading the body stream as use", async () => {
    const response = new BufferedResponse(bytesOf("abc"), init());
    const body = response.body;
    expect(response.body).toBe(body);
    expect(response.bodyUsed).toBe(false);
    expect(await new Response(body).text()).toBe("abc");
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
  });

  it("has no body for null", async () => {
    const response = new BufferedResponse(null, { status: 204 });
    expect(response.body).toBeNull();
    expect(await response.clone().text()).toBe("");
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });
});

describe("ParsedJsonResponse", () => {
  it("returns the parsed value from json() without parsing again, and the text from text()", async () => {
    const value = { a: 1 };
    const text = '{"a":1}';
    const response = new ParsedJsonResponse({ bytes: bytesOf(text), text }, value, init());
    expect(await response.clone().text()).toBe(text);
    expect(await response.json()).toBe(value);
    await expect(response.json()).rejects.toBeInstanceOf(TypeError);
  });

  it("gives a clone its own object, parsed safely", async () => {
    const value = { a: 1 };
    const text = '{"a":1,"\\u005f_proto__":{"x":1}}';
    const response = new ParsedJsonResponse({ bytes: bytesOf(text), text }, value, init());
    const cloned = await response.clone().json();
    expect(cloned).toEqual({ a: 1 });
    expect(cloned).not.toBe(value);
    expect(Object.keys(cloned as object)).toEqual(["a"]);
  });

  it("is what openapi-fetch 0.17 reads its data from", async () => {
    const { default: createClient } = await import("openapi-fetch");
    const value = { id: "x" };
    const client = createClient<Record<string, never>>({
      baseUrl: "http://example.invalid",
      fetch: async () => new Response("{}", init()),
    });
    client.use({
      onResponse: () => new ParsedJsonResponse(bytesOf('{"id":"x"}'), value, init()),
    });
    const { data } = await (client as unknown as { GET(path: string): Promise<{ data: unknown }> }).GET("/x");
    expect(data).toBe(value);
  });
});
