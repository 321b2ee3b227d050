// Shared reading of the bundled spec for the spec tests: where every example lives and what schema it
// must satisfy, so each test iterates the document instead of a hand-kept list.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { createSpecValidator, type OpenApiDocument } from "../../src/validation/spec-validator.js";

type Json = Record<string, unknown>;

export const spec = JSON.parse(
  readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"),
) as Json & OpenApiDocument;
export const validator = createSpecValidator(spec);

const components = spec.components as Json;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` chain to its target. */
export function deref<T = Json>(value: unknown): T {
  let node = value;
  for (let hops = 0; isObject(node) && typeof node.$ref === "string"; hops++) {
    if (hops > 10) throw new Error(`reference cycle at ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>((target, key) => (isObject(target) ? target[key] : undefined), spec);
    if (node === undefined) throw new Error(`unresolved reference ${String((value as Json).$ref)}`);
  }
  return node as T;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  node: Json;
  /** Path-level and operation-level parameters, dereferenced. */
  parameters: Json[];
  responses: Record<string, Json>;
}

export function operations(): Operation[] {
  return validator.operations().map(({ operationId, method, path }) => {
    const pathItem = (spec.paths as Json)[path] as Json;
    const node = pathItem[method] as Json;
    const parameters = [
      ...((pathItem.parameters as unknown[]) ?? []),
      ...((node.parameters as unknown[]) ?? []),
    ].map((p) => deref(p));
    const responses = Object.fromEntries(
      Object.entries(node.responses as Json).map(([status, response]) => [status, deref(response)]),
    );
    return { operationId, method, path, node, parameters, responses };
  });
}

/** Named examples of a media type, with `$ref`s to `components/examples` followed. */
export function namedExamples(media: Json): Array<[string, unknown]> {
  const examples = (media.examples ?? {}) as Json;
  return Object.entries(examples).map(([name, example]) => [name, deref<Json>(example).value]);
}

/**
 * A second Ajv for the small schemas the body validator does not cover (parameters, headers, the
 * `examples` of component schemas). Same settings: 2020-12, formats, strict.
 */
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: "urn:pco:spec-tests", $defs: components.schemas as Json });

export function validateAgainst(schema: unknown, value: unknown): string[] {
  const rewritten = JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/schemas/', '"urn:pco:spec-tests#/$defs/'),
  );
  const validate = ajv.compile(rewritten);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || "(value)"} ${e.message}`);
}
