import { describe, expect, it } from "vitest";
import {
  createSpecValidator,
  type JsonSchema,
  type OpenApiDocument,
} from "../../src/validation/spec-validator.js";

const json = (schema: JsonSchema) => ({ "application/json": { schema } });

/** A small document exercising what the validator has to get right. */
function document(extraSchemas: Record<string, unknown> = {}): OpenApiDocument {
  return {
    openapi: "3.1.0",
    paths: {
      "/things/{id}": {
        get: {
          operationId: "getThing",
          responses: {
            "200": { description: "ok", content: json({ $ref: "#/components/schemas/Thing" }) },
            "4XX": { $ref: "#/components/responses/Problem" },
            default: { description: "other", content: json({ $ref: "#/components/schemas/Error" }) },
          },
        },
        put: {
          operationId: "putThing",
          requestBody: { required: true, content: json({ $ref: "#/components/schemas/Thing" }) },
          responses: { "204": { description: "no content" } },
        },
      },
      "/things/{id}/file": {
        get: {
          operationId: "getFile",
          responses: {
            "200": {
              description: "bytes",
              content: { "application/octet-stream": { schema: { type: "string", maxLength: 4 } } },
            },
          },
        },
      },
    },
    components: {
      responses: {
        Problem: { description: "problem", content: json({ $ref: "#/components/schemas/Error" }) },
      },
      schemas: {
        Thing: {
          type: "object",
          additionalProperties: false,
          required: ["id", "name"],
          properties: {
            id: { type: "string", format: "uuid", readOnly: true },
            name: { type: "string", minLength: 1, example: "a thing" },
            secret: { type: "string", writeOnly: true },
            count: { type: "integer", format: "int32" },
          },
        },
        Error: { type: "object", required: ["code"], properties: { code: { type: "integer" } } },
        ...extraSchemas,
      },
    },
  };
}

const id = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";

describe("createSpecValidator", () => {
  const validator = createSpecValidator(document());

  it("accepts a valid response and names each problem of an invalid one by its path", () => {
    expect(validator.validateResponse("getThing", 200, { id, name: "x" })).toEqual({
      valid: true,
      errors: [],
    });
    const verdict = validator.validateResponse("getThing", 200, { id: "nope", name: "", extra: 1 });
    expect(verdict.valid).toBe(false);
    expect(verdict.errors).toEqual(
      expect.arrayContaining([
        '(body) must NOT have additional properties: "extra"',
        '/id must match format "uuid"',
        "/name must NOT have fewer than 1 characters",
      ]),
    );
  });

  it("applies readOnly/required to responses only, and writeOnly/required to requests only", () => {
    expect(validator.validateRequestBody("putThing", { name: "x" }).valid).toBe(true);
    expect(validator.validateResponse("getThing", 200, { name: "x" }).errors).toEqual([
      "(body) must have required property 'id'",
    ]);
  });

  it("picks the response as OpenAPI does: exact status, then its range, then default", () => {
    expect(validator.responseKeyFor("getThing", 200)).toBe("200");
    expect(validator.responseKeyFor("getThing", 404)).toBe("4XX");
    expect(validator.responseKeyFor("getThing", 502)).toBe("default");
    expect(validator.responseKeyFor("getThing", "default")).toBe("default");
    expect(validator.validateResponse("getThing", 404, { code: 800071 }).valid).toBe(true);
    expect(validator.validateResponse("getThing", 502, { code: "x" }).errors).toEqual([
      "/code must be integer",
    ]);
    expect(validator.validateResponse("putThing", 500, {}).errors).toEqual([
      "status 500 is not declared for putThing",
    ]);
  });

  it("checks int32 and uuid formats (ajv-formats)", () => {
    expect(validator.validateResponse("getThing", 200, { id, name: "x", count: 2 ** 31 }).valid).toBe(false);
  });

  it("validates file bytes as a string of the same length, and refuses undeclared media types", () => {
    expect(
      validator.validateResponse("getFile", 200, new Uint8Array([1, 2, 3]), "application/octet-stream").valid,
    ).toBe(true);
    expect(
      validator.validateResponse("getFile", 200, new Uint8Array(5), "application/octet-stream").errors,
    ).toEqual(["(body) must NOT have more than 4 characters"]);
    expect(validator.validateResponse("getFile", 200, "x", "text/html").valid).toBe(false);
  });

  it("requires a required request body and refuses a body for a response that declares none", () => {
    expect(validator.validateRequestBody("putThing", undefined).errors).toEqual(["(body) is required"]);
    expect(validator.validateResponse("putThing", 204, undefined).valid).toBe(true);
    expect(validator.validateResponse("putThing", 204, { a: 1 }).valid).toBe(false);
  });

  it("exposes the declared schema and the operations", () => {
    expect(validator.responseSchemaFor("getThing", 200)).toEqual({ $ref: "#/components/schemas/Thing" });
    expect(validator.operations().map((op) => op.operationId)).toEqual(["getThing", "putThing", "getFile"]);
    expect(() => validator.validateResponse("nope", 200, {})).toThrow(RangeError);
  });

  it("stays strict: a keyword JSON Schema and OpenAPI do not know fails when the document is loaded", () => {
    expect(() => createSpecValidator(document({ Typo: { type: "integer", minimun: 1 } }))).toThrow(/minimun/);
  });

  it("does not modify the document it is given", () => {
    const original = document();
    const copy = structuredClone(original);
    createSpecValidator(original).validateRequestBody("putThing", { name: "x" });
    expect(original).toEqual(copy);
  });
});
