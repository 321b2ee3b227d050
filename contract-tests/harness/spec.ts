/**
 * What the contract tests derive from generated/openapi.json: the operations, every declared response
 * (a "cell": operation × status key), its named examples, header examples, and the one shared validator.
 * Nothing here lists operations, statuses or example names by hand.
 */
import { readFileSync } from "node:fs";
import { BUNDLED_SPEC } from "../../scripts/lib/prism.mjs";
import {
  createSpecValidator,
  type LocatedOperation,
  type OpenApiDocument,
  type SpecValidator,
} from "../../src/validation/spec-validator.js";

export const spec = JSON.parse(readFileSync(BUNDLED_SPEC, "utf8")) as OpenApiDocument &
  Record<string, unknown>;
export const validator: SpecValidator = createSpecValidator(spec);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows local `$ref`s (the bundle has no other kind). */
export function resolve<T = Json>(value: unknown): T {
  let current = value;
  for (let depth = 0; isObject(current) && typeof current.$ref === "string"; depth++) {
    if (depth > 16) throw new Error(`reference cycle at ${current.$ref}`);
    let target: unknown = spec;
    for (const segment of current.$ref.replace(/^#\//, "").split("/")) {
      target = isObject(target) ? target[segment.replaceAll("~1", "/").replaceAll("~0", "~")] : undefined;
    }
    if (target === undefined) throw new Error(`unresolvable ${current.$ref}`);
    current = target;
  }
  return current as T;
}

export interface NamedExample {
  name: string;
  value: unknown;
}

export interface ResponseCell {
  operationId: string;
  /** The declared key: "200", "404", "default". */
  status: string;
  /** The first declared media type (every response here declares one). */
  mediaType: string | undefined;
  examples: NamedExample[];
  /** Header name → the header's example value, as declared on this response. */
  headerExamples: Record<string, unknown>;
}

export const operations: LocatedOperation[] = validator.operations();

export function operationById(operationId: string): LocatedOperation {
  const found = operations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the spec`);
  return found;
}

function examplesOf(media: Json | undefined): NamedExample[] {
  const examples = isObject(media?.examples) ? media.examples : {};
  return Object.entries(examples).map(([name, example]) => ({ name, value: resolve<Json>(example).value }));
}

export function responseCells(operationId?: string): ResponseCell[] {
  return operations
    .filter((op) => operationId === undefined || op.operationId === operationId)
    .flatMap((op) =>
      Object.entries(op.operation.responses ?? {}).map(([status, declared]): ResponseCell => {
        const response = resolve(declared);
        const content = isObject(response.content) ? response.content : {};
        const [mediaType, media] = Object.entries(content)[0] ?? [];
        const headers = isObject(response.headers) ? response.headers : {};
        const headerExamples = Object.fromEntries(
          Object.entries(headers).map(([name, header]) => [name, resolve(header).example]),
        );
        return {
          operationId: op.operationId,
          status,
          mediaType,
          examples: examplesOf(isObject(media) ? media : undefined),
          headerExamples,
        };
      }),
    );
}

/** The request body examples of an operation, by name. */
export function requestExamples(operationId: string): NamedExample[] {
  const body = resolve(operationById(operationId).operation.requestBody);
  const content = isObject(body?.content) ? body.content : {};
  const media = Object.values(content)[0];
  return examplesOf(isObject(media) ? media : undefined);
}

/** The first example of a parameter (`#/components/parameters/<name>`), if it has one. */
export function parameterExample(name: string): unknown {
  const components: unknown = spec.components;
  const parameters = isObject(components) && isObject(components.parameters) ? components.parameters : {};
  const parameter = resolve(parameters[name]);
  const examples = isObject(parameter) && isObject(parameter.examples) ? parameter.examples : {};
  const first = Object.values(examples)[0];
  return first === undefined ? undefined : resolve(first).value;
}

/** The success response key of an operation (its lowest 2xx), the one Prism serves by default. */
export function successStatus(operationId: string): string {
  const keys = Object.keys(operationById(operationId).operation.responses ?? {});
  const success = keys.filter((key) => /^2\d\d$/.test(key)).sort()[0];
  if (success === undefined) throw new Error(`${operationId} declares no 2xx response`);
  return success;
}

/**
 * Statuses the operation does not declare, so OpenAPI (and Prism, for `Prefer: code=`) answer them with
 * `default`: one client error and one server error.
 */
export function statusesServedByDefault(operationId: string): number[] {
  const declared = new Set(Object.keys(operationById(operationId).operation.responses ?? {}));
  const candidates = [
    [412, 405, 406, 410],
    [502, 504, 501],
  ];
  return candidates.map((group) => {
    const free = group.find((code) => !declared.has(String(code)) && !declared.has(`${String(code)[0]}XX`));
    if (free === undefined) throw new Error(`${operationId} declares every candidate status of ${group}`);
    return free;
  });
}
