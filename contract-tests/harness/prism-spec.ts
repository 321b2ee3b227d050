/**
 * The document Prism mocks: generated/openapi.json with one workaround for Prism 5.14.2, which reads
 * every multipart part as a plain string and keeps only the last of repeated parts
 * (stoplightio/prism#2654, open). A spec-conformant upload (a JSON `metadata` part, one `pofiles` part
 * per file) would otherwise always be refused with 400, whatever the test asks for.
 *
 * So, in multipart request bodies only, each part is described the way Prism sees it: a JSON part as a
 * string whose content is JSON (contentMediaType + contentSchema, which is how JSON Schema 2020-12 says
 * it anyway) and a repeated part as one such part. Responses and every other request are untouched;
 * the contract tests validate the real multipart body with ajv against the unmodified spec.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolveIn(document: Json, value: unknown): unknown {
  let current = value;
  while (isObject(current) && typeof current.$ref === "string") {
    current = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
  }
  return current;
}

function partAsPrismSeesIt(document: Json, schema: unknown, partContentType: string | undefined): unknown {
  const resolved = resolveIn(document, schema);
  if (isObject(resolved) && resolved.type === "array") {
    return partAsPrismSeesIt(document, resolved.items, partContentType);
  }
  if (partContentType !== undefined && /json/i.test(partContentType)) {
    return { type: "string", contentMediaType: "application/json", contentSchema: schema };
  }
  return schema;
}

/** Returns the adapted copy and the JSON pointers of the request bodies it changed. */
export function adaptForPrism(original: Json): { document: Json; changed: string[] } {
  const document = structuredClone(original);
  const changed: string[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !isObject(operation.requestBody)) continue;
      const body = resolveIn(document, operation.requestBody);
      if (!isObject(body) || !isObject(body.content)) continue;
      const content = body.content;
      const media = content["multipart/form-data"];
      if (!isObject(media)) continue;
      const schema = resolveIn(document, media.schema);
      if (!isObject(schema) || !isObject(schema.properties)) continue;
      const encoding = isObject(media.encoding) ? media.encoding : {};
      const properties = Object.fromEntries(
        Object.entries(schema.properties).map(([name, part]) => {
          const partEncoding = encoding[name];
          const type = isObject(partEncoding) ? partEncoding.contentType : undefined;
          return [name, partAsPrismSeesIt(document, part, typeof type === "string" ? type : undefined)];
        }),
      );
      operation.requestBody = {
        ...body,
        content: { ...content, "multipart/form-data": { ...media, schema: { ...schema, properties } } },
      };
      changed.push(`#/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method}/requestBody`);
    }
  }
  return { document, changed };
}

/**
 * Writes the adapted document to a directory of its own: Prism reloads when its file changes, so two
 * runs in one checkout must never share the file. `remove` deletes it once Prism has stopped.
 */
export function writePrismSpec(original: Json): { file: string; changed: string[]; remove(): void } {
  const { document, changed } = adaptForPrism(original);
  const directory = mkdtempSync(join(tmpdir(), "contract-prism-"));
  const file = join(directory, "openapi.json");
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return { file, changed, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
