// Every example in the spec is valid against the schema it illustrates, checked with Ajv 2020-12 in
// strict mode (Prism serves these examples verbatim, and readers copy them).
import { describe, expect, it } from "vitest";
import {
  deref,
  isObject,
  namedExamples,
  operations,
  spec,
  validateAgainst,
  validator,
} from "./spec-helpers.js";

const ops = operations();

describe("response examples", () => {
  const cases = ops.flatMap((op) =>
    Object.entries(op.responses).flatMap(([status, response]) =>
      Object.entries((response.content ?? {}) as Record<string, Record<string, unknown>>).flatMap(
        ([type, media]) =>
          namedExamples(media).map(([name, value]) => ({ op: op.operationId, status, type, name, value })),
      ),
    ),
  );

  it("exist for every declared status of every operation", () => {
    const missing = ops.flatMap((op) =>
      Object.keys(op.responses)
        .filter((status) => !cases.some((c) => c.op === op.operationId && c.status === status))
        .map((status) => `${op.operationId} ${status}`),
    );
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(90);
  });

  it.each(cases)("$op $status $name is valid", ({ op, status, type, value }) => {
    const key = status === "default" ? "default" : Number(status);
    const result = validator.validateResponse(op, key, value, type);
    expect(result.errors).toEqual([]);
  });
});

describe("request examples", () => {
  const cases = ops.flatMap((op) => {
    const body = op.node.requestBody === undefined ? undefined : deref(op.node.requestBody);
    return Object.entries((body?.content ?? {}) as Record<string, Record<string, unknown>>).flatMap(
      ([type, media]) =>
        namedExamples(media).map(([name, value]) => ({ op: op.operationId, type, name, value })),
    );
  });

  it("exist for every JSON request body", () => {
    const withJsonBody = ops.filter((op) => {
      const body = op.node.requestBody === undefined ? undefined : deref(op.node.requestBody);
      return isObject(body?.content) && "application/json" in body.content;
    });
    expect(withJsonBody.map((op) => op.operationId).sort()).toEqual(["createOrder", "updateOrder"]);
    for (const op of withJsonBody) {
      expect(cases.filter((c) => c.op === op.operationId).length).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(cases)("$op $name is valid", ({ op, type, value }) => {
    expect(validator.validateRequestBody(op, value, type).errors).toEqual([]);
  });
});

describe("parameter, header and schema examples", () => {
  const parameterCases = ops.flatMap((op) =>
    op.parameters.flatMap((p) =>
      Object.entries((p.examples ?? {}) as Record<string, { value: unknown }>).map(([name, ex]) => ({
        where: `${op.operationId} ${String(p.in)} ${String(p.name)} ${name}`,
        schema: p.schema,
        value: ex.value,
      })),
    ),
  );
  const headerCases = Object.entries(
    (spec.components as Record<string, Record<string, unknown>>).headers ?? {},
  ).map(([name, header]) => ({
    where: `header ${name}`,
    schema: (header as { schema: unknown }).schema,
    value: (header as { example: unknown }).example,
  }));
  const schemaCases = Object.entries(
    (spec.components as Record<string, Record<string, Record<string, unknown>>>).schemas ?? {},
  ).flatMap(([name, schema]) => collectSchemaExamples(name, schema));

  it("cover the headers and the path parameters", () => {
    expect(headerCases.every((c) => c.value !== undefined)).toBe(true);
    expect(parameterCases.some((c) => c.where.includes("path customerId"))).toBe(true);
    expect(parameterCases.some((c) => c.where.includes("header MS-RequestId"))).toBe(true);
  });

  it.each([...parameterCases, ...headerCases, ...schemaCases])("$where is valid", ({ schema, value }) => {
    expect(validateAgainst(schema, value)).toEqual([]);
  });
});

/** `examples` arrays inside a component schema and its properties, each checked against its own subschema. */
function collectSchemaExamples(
  path: string,
  schema: unknown,
): Array<{ where: string; schema: unknown; value: unknown }> {
  if (!isObject(schema)) return [];
  const own = Array.isArray(schema.examples)
    ? schema.examples.map((value, i) => ({ where: `${path} examples[${i}]`, schema, value }))
    : [];
  const children = Object.entries((schema.properties ?? {}) as Record<string, unknown>).flatMap(
    ([name, sub]) => collectSchemaExamples(`${path}.${name}`, sub),
  );
  return [...own, ...children];
}
