/**
 * The request body a captured exchange carried, decoded the way the spec describes it, for ajv:
 * JSON as is; multipart part by part, using the media type's `encoding` (a JSON part is parsed) and the
 * schema (an array property collects every part of that name).
 */
import { operationById, resolve } from "./spec.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface SentBody {
  contentType: string | undefined;
  bytes: Uint8Array | undefined;
}

export async function decodeRequestBody(operationId: string, sent: SentBody): Promise<unknown> {
  if (sent.bytes === undefined) return undefined;
  const contentType = sent.contentType ?? "";
  if (/json/i.test(contentType)) return JSON.parse(new TextDecoder().decode(sent.bytes));
  if (!/^multipart\/form-data/i.test(contentType)) return sent.bytes;

  const form = await new Response(sent.bytes as BodyInit, {
    headers: { "content-type": contentType },
  }).formData();
  const body = resolve(operationById(operationId).operation.requestBody);
  const media = resolve(isObject(body.content) ? body.content["multipart/form-data"] : undefined);
  const schema = resolve(media.schema);
  const properties = isObject(schema.properties) ? schema.properties : {};
  const encoding = isObject(media.encoding) ? media.encoding : {};
  const decoded: Json = {};
  const names = new Set([...form.keys()]);
  for (const name of names) {
    const partEncoding = encoding[name];
    const isJson = isObject(partEncoding) && /json/i.test(String(partEncoding.contentType ?? ""));
    const values = await Promise.all(
      form.getAll(name).map(async (value) => {
        const text = typeof value === "string" ? value : await value.text();
        return isJson ? JSON.parse(text) : text;
      }),
    );
    const declared = resolve(properties[name]);
    decoded[name] = isObject(declared) && declared.type === "array" ? values : values[0];
  }
  return decoded;
}
