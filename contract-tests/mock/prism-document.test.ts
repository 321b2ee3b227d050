/**
 * The document Prism mocks differs from generated/openapi.json only where Prism 5.14.2 cannot read
 * multipart bodies (see harness/prism-spec.ts). This keeps the workaround from hiding anything else.
 */
import { describe, expect, it } from "vitest";
import { adaptForPrism } from "../harness/prism-spec.js";
import { resolve, spec } from "../harness/spec.js";

type Json = Record<string, unknown>;

function requestMediaOf(document: Json, path: string, method: string): Json {
  const operation = (((document.paths ?? {}) as Json)[path] ?? {}) as Json;
  const body = resolve((operation[method] as Json | undefined)?.requestBody);
  return resolve(((body?.content ?? {}) as Json)["multipart/form-data"]);
}

const multipartBodies = Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item ?? {}).flatMap(([method, operation]) => {
    const body = resolve((operation as Json | undefined)?.requestBody);
    const content = (body?.content ?? {}) as Json;
    return "multipart/form-data" in content ? [{ path, method }] : [];
  }),
);

function withoutMultipartBodies(document: Json): Json {
  const copy = structuredClone(document) as { paths: Record<string, Record<string, Json>> };
  for (const { path, method } of multipartBodies) delete copy.paths[path]?.[method]?.requestBody;
  return copy;
}

describe("the document Prism mocks", () => {
  const { document, changed } = adaptForPrism(spec as Json);

  it("changes exactly the multipart request bodies", () => {
    expect(multipartBodies.length).toBeGreaterThan(0);
    expect(changed).toHaveLength(multipartBodies.length);
    expect(withoutMultipartBodies(document)).toEqual(withoutMultipartBodies(spec as Json));
  });

  it("describes a JSON part as a string holding that JSON, and a repeated part as one part", () => {
    for (const { path, method } of multipartBodies) {
      const original = requestMediaOf(spec as Json, path, method);
      const adapted = requestMediaOf(document, path, method);
      const originalParts = (resolve(original.schema).properties ?? {}) as Json;
      const adaptedParts = (adapted.schema as Json).properties as Json;
      const encoding = (original.encoding ?? {}) as Record<string, { contentType?: string }>;
      expect(Object.keys(adaptedParts)).toEqual(Object.keys(originalParts));
      for (const [name, part] of Object.entries(adaptedParts)) {
        const declared = resolve(originalParts[name]);
        if (/json/.test(encoding[name]?.contentType ?? "")) {
          expect(part).toEqual({
            type: "string",
            contentMediaType: "application/json",
            contentSchema: originalParts[name],
          });
        } else if (declared.type === "array") {
          expect(part).toEqual(declared.items);
        } else {
          expect(part).toEqual(originalParts[name]);
        }
      }
    }
  });
});
