/**
 * Validates request and response payloads against the bundled OpenAPI 3.1 document.
 *
 * One Ajv2020 instance per document, strict mode on. The document's `components.schemas` are registered
 * twice, once as seen by responses and once as seen by requests, because OpenAPI makes `readOnly` and
 * `writeOnly` change what `required` means (a required read-only `id` is not required in a request).
 * Pure: the caller passes the parsed document; nothing here reads files or knows about the client.
 */

import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The parts of an OpenAPI 3.1 document this module reads. */
export interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, OpenApiPathItem | undefined>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    responses?: Record<string, OpenApiResponse | OpenApiReference>;
    requestBodies?: Record<string, OpenApiRequestBody | OpenApiReference>;
  };
}

export type JsonSchema = { [keyword: string]: unknown } | boolean;

export interface OpenApiReference {
  $ref: string;
}

export interface OpenApiMediaType {
  schema?: JsonSchema;
  examples?: Record<string, unknown>;
  example?: unknown;
}

export interface OpenApiResponse {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiRequestBody {
  required?: boolean;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId?: string;
  requestBody?: OpenApiRequestBody | OpenApiReference;
  responses?: Record<string, OpenApiResponse | OpenApiReference>;
}

export type OpenApiPathItem = { [method: string]: unknown };

export interface ValidationResult {
  valid: boolean;
  /** One readable line per problem: `<instance path> <message>`. Empty when valid. */
  errors: string[];
}

/** An operation as found in the document, with where it lives. */
export interface LocatedOperation {
  operationId: string;
  method: string;
  path: string;
  operation: OpenApiOperation;
}

export interface SpecValidator {
  validateResponse(
    operationId: string,
    status: number | "default",
    body: unknown,
    contentType?: string,
  ): ValidationResult;
  validateRequestBody(operationId: string, body: unknown, contentType?: string): ValidationResult;
  /** The schema (refs still pointing at `#/components/schemas/...`) a response body must match, if any. */
  responseSchemaFor(
    operationId: string,
    status: number | "default",
    contentType?: string,
  ): JsonSchema | undefined;
  /** Which declared response key (`"201"`, `"4XX"`, `"default"`) answers a status, as OpenAPI picks it. */
  responseKeyFor(operationId: string, status: number | "default"): string | undefined;
  operations(): LocatedOperation[];
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const COMPONENT_SCHEMA_PREFIX = "#/components/schemas/";
const BASE_ID = "urn:partner-center-orders:openapi";

/** Keywords OpenAPI 3.1 allows inside a Schema Object that JSON Schema 2020-12 does not know. */
const OPENAPI_SCHEMA_KEYWORDS = ["example", "xml", "externalDocs"];

type Direction = "request" | "response";

/** Subschema positions of JSON Schema 2020-12: the only places the walker descends into. */
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_ARRAY_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_SINGLE_KEYWORDS = [
  "items",
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "contentSchema",
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isReference(value: unknown): value is OpenApiReference {
  return isObject(value) && typeof value.$ref === "string";
}

/** Rebuilds a schema bottom-up, calling `visit` on every (sub)schema object after its children. */
function mapSchema(
  schema: unknown,
  visit: (node: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  if (!isObject(schema)) return schema;
  const node: Record<string, unknown> = { ...schema };
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = node[keyword];
    if (isObject(map)) {
      node[keyword] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, mapSchema(v, visit)]));
    }
  }
  for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
    const list = node[keyword];
    if (Array.isArray(list)) node[keyword] = list.map((v) => mapSchema(v, visit));
  }
  for (const keyword of SCHEMA_SINGLE_KEYWORDS) {
    if (keyword in node) node[keyword] = mapSchema(node[keyword], visit);
  }
  return visit(node);
}

/** Adapts one OpenAPI schema to plain JSON Schema for the given direction. */
function adaptSchema(schema: unknown, direction: Direction): unknown {
  const dropFromRequired = direction === "request" ? "readOnly" : "writeOnly";
  return mapSchema(schema, (node) => {
    if (typeof node.$ref === "string" && node.$ref.startsWith(COMPONENT_SCHEMA_PREFIX)) {
      node.$ref = `${BASE_ID}:${direction}#/$defs/${node.$ref.slice(COMPONENT_SCHEMA_PREFIX.length)}`;
    }
    // Ajv implements `discriminator` but rejects `mapping`; the branches' own `const` tags still apply.
    if (isObject(node.discriminator) && "mapping" in node.discriminator) {
      const { mapping: _mapping, ...rest } = node.discriminator;
      node.discriminator = rest;
    }
    const properties = node.properties;
    if (Array.isArray(node.required) && isObject(properties)) {
      node.required = node.required.filter((name) => {
        const property = typeof name === "string" ? properties[name] : undefined;
        return !(isObject(property) && property[dropFromRequired] === true);
      });
    }
    return node;
  });
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(body)" : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = "";
  if (typeof params.additionalProperty === "string") detail = `: "${params.additionalProperty}"`;
  else if (Array.isArray(params.allowedValues)) detail = `: ${params.allowedValues.map(String).join(", ")}`;
  return `${where} ${error.message ?? "is invalid"}${detail}`;
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json") || mediaType === "text/json";
}

/** Picks the declared media type for a content type: exact, then `type/*`, then `*\/*`; JSON when none given. */
function pickMediaType(
  content: Record<string, OpenApiMediaType>,
  contentType: string | undefined,
): [string, OpenApiMediaType] | undefined {
  const declared = Object.entries(content);
  if (contentType === undefined) {
    return declared.find(([type]) => isJsonMediaType(mediaTypeOf(type))) ?? declared[0];
  }
  const wanted = mediaTypeOf(contentType);
  const wantedRange = `${wanted.split("/")[0]}/*`;
  return (
    declared.find(([type]) => mediaTypeOf(type) === wanted) ??
    declared.find(([type]) => mediaTypeOf(type) === wantedRange) ??
    declared.find(([type]) => mediaTypeOf(type) === "*/*")
  );
}

/** Bytes as a string of the same length (one character per byte), so `type: string` schemas apply to them. */
function bytesAsString(body: unknown): unknown {
  let bytes: Uint8Array | undefined;
  if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (ArrayBuffer.isView(body)) bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (bytes === undefined) return body;
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

export function createSpecValidator(spec: OpenApiDocument): SpecValidator {
  const schemas = spec.components?.schemas ?? {};
  const adaptedDefs = (direction: Direction) =>
    Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, adaptSchema(s, direction)]));

  const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true });
  addFormats.default(ajv);
  // Only the extra keywords the document uses, so a typo elsewhere still fails strict mode.
  const vocabulary = extraKeywordsIn(spec);
  if (vocabulary.length > 0) ajv.addVocabulary(vocabulary);
  ajv.addSchema({ $id: `${BASE_ID}:response`, $defs: adaptedDefs("response") });
  ajv.addSchema({ $id: `${BASE_ID}:request`, $defs: adaptedDefs("request") });

  const located = locateOperations(spec);
  const byId = new Map(located.map((op) => [op.operationId, op]));
  const compiled = new Map<string, ValidateFunction>();

  function operation(operationId: string): OpenApiOperation {
    const found = byId.get(operationId);
    if (found === undefined) throw new RangeError(`unknown operationId "${operationId}"`);
    return found.operation;
  }

  function responseKeyFor(operationId: string, status: number | "default"): string | undefined {
    const responses = operation(operationId).responses ?? {};
    if (status === "default") return "default" in responses ? "default" : undefined;
    const exact = String(status);
    const range = `${exact.charAt(0)}XX`;
    return [exact, range, range.toLowerCase(), "default"].find((key) => key in responses);
  }

  function response(operationId: string, status: number | "default"): OpenApiResponse | undefined {
    const key = responseKeyFor(operationId, status);
    if (key === undefined) return undefined;
    return resolve<OpenApiResponse>(spec, operation(operationId).responses?.[key]);
  }

  // Most responses share a schema (`$ref: ErrorResponse` under every error status): compile each once.
  const bySchema = new Map<string, ValidateFunction>();
  function compile(cacheKey: string, schema: JsonSchema, direction: Direction): ValidateFunction {
    let validate = compiled.get(cacheKey);
    if (validate === undefined) {
      const adapted = adaptSchema(schema, direction) as object;
      const schemaKey = JSON.stringify(adapted);
      validate = bySchema.get(schemaKey) ?? ajv.compile(adapted);
      bySchema.set(schemaKey, validate);
      compiled.set(cacheKey, validate);
    }
    return validate;
  }

  function check(validate: ValidateFunction, body: unknown, mediaType: string): ValidationResult {
    const instance = isJsonMediaType(mediaType) ? body : bytesAsString(body);
    if (validate(instance)) return { valid: true, errors: [] };
    return { valid: false, errors: (validate.errors ?? []).map(formatError) };
  }

  // Compile everything now, so a schema strict mode refuses fails here rather than on the first response
  // that happens to need it (ajv compiles lazily, and never looks at an unreferenced schema at all).
  for (const name of Object.keys(schemas)) {
    for (const direction of ["response", "request"] as const) {
      ajv.getSchema(`${BASE_ID}:${direction}#/$defs/${name}`);
    }
  }
  for (const { operationId, operation: declared } of located) {
    for (const [key, value] of Object.entries(declared.responses ?? {})) {
      for (const [mediaType, media] of Object.entries(resolve<OpenApiResponse>(spec, value)?.content ?? {})) {
        if (media.schema !== undefined) {
          compile(`response ${operationId} ${key} ${mediaType}`, media.schema, "response");
        }
      }
    }
    const requestContent = resolve<OpenApiRequestBody>(spec, declared.requestBody)?.content ?? {};
    for (const [mediaType, media] of Object.entries(requestContent)) {
      if (media.schema !== undefined) compile(`request ${operationId} ${mediaType}`, media.schema, "request");
    }
  }

  return {
    operations: () => located,
    responseKeyFor,

    responseSchemaFor(operationId, status, contentType) {
      const content = response(operationId, status)?.content;
      return content === undefined ? undefined : pickMediaType(content, contentType)?.[1].schema;
    },

    validateResponse(operationId, status, body, contentType) {
      const key = responseKeyFor(operationId, status);
      if (key === undefined) {
        return { valid: false, errors: [`status ${status} is not declared for ${operationId}`] };
      }
      const content = response(operationId, status)?.content;
      if (content === undefined || Object.keys(content).length === 0) {
        const empty = body === undefined || body === null || body === "";
        return empty ? { valid: true, errors: [] } : { valid: false, errors: ["(body) must be empty"] };
      }
      const picked = pickMediaType(content, contentType);
      if (picked === undefined) {
        const declared = Object.keys(content).join(", ");
        return {
          valid: false,
          errors: [`content type "${contentType}" is not declared (declared: ${declared})`],
        };
      }
      const [mediaType, media] = picked;
      if (media.schema === undefined) return { valid: true, errors: [] };
      const validate = compile(`response ${operationId} ${key} ${mediaType}`, media.schema, "response");
      return check(validate, body, mediaTypeOf(mediaType));
    },

    validateRequestBody(operationId, body, contentType) {
      const requestBody = resolve<OpenApiRequestBody>(spec, operation(operationId).requestBody);
      if (requestBody === undefined) {
        return body === undefined
          ? { valid: true, errors: [] }
          : { valid: false, errors: [`${operationId} takes no request body`] };
      }
      if (body === undefined) {
        return requestBody.required === true
          ? { valid: false, errors: ["(body) is required"] }
          : { valid: true, errors: [] };
      }
      const picked = pickMediaType(requestBody.content ?? {}, contentType);
      if (picked === undefined) {
        return { valid: false, errors: [`content type "${contentType}" is not declared for the request`] };
      }
      const [mediaType, media] = picked;
      if (media.schema === undefined) return { valid: true, errors: [] };
      const validate = compile(`request ${operationId} ${mediaType}`, media.schema, "request");
      return check(validate, body, mediaTypeOf(mediaType));
    },
  };
}

/** Every schema of the document that payloads are validated against: components and media types. */
function payloadSchemas(spec: OpenApiDocument): unknown[] {
  const found: unknown[] = Object.values(spec.components?.schemas ?? {});
  const addContent = (holder: unknown) => {
    const content = isObject(holder) ? holder.content : undefined;
    if (isObject(content))
      for (const media of Object.values(content)) if (isObject(media)) found.push(media.schema);
  };
  for (const value of Object.values(spec.components?.responses ?? {})) addContent(value);
  for (const value of Object.values(spec.components?.requestBodies ?? {})) addContent(value);
  for (const { operation } of locateOperations(spec)) {
    addContent(operation.requestBody);
    for (const value of Object.values(operation.responses ?? {})) addContent(value);
  }
  return found;
}

/** OpenAPI-only keywords and `x-` extensions used inside the document's schemas. */
function extraKeywordsIn(spec: OpenApiDocument): string[] {
  const used = new Set<string>();
  for (const schema of payloadSchemas(spec)) {
    mapSchema(schema, (node) => {
      for (const key of Object.keys(node)) {
        if (OPENAPI_SCHEMA_KEYWORDS.includes(key) || key.startsWith("x-")) used.add(key);
      }
      return node;
    });
  }
  return [...used].sort();
}

/** Follows local `#/components/...` references (responses, request bodies) to the object they name. */
function resolve<T>(spec: OpenApiDocument, value: unknown, depth = 0): T | undefined {
  if (!isReference(value)) return value as T | undefined;
  if (depth > 16) throw new RangeError(`reference cycle at ${value.$ref}`);
  if (!value.$ref.startsWith("#/"))
    throw new RangeError(`only local references are supported: ${value.$ref}`);
  let target: unknown = spec;
  for (const segment of value.$ref.slice(2).split("/")) {
    const key = segment.replaceAll("~1", "/").replaceAll("~0", "~");
    target = isObject(target) ? target[key] : undefined;
  }
  if (target === undefined) throw new RangeError(`unresolvable reference ${value.$ref}`);
  return resolve<T>(spec, target, depth + 1);
}

function locateOperations(spec: OpenApiDocument): LocatedOperation[] {
  const found: LocatedOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isObject(operation) && typeof operation.operationId === "string") {
        found.push({
          operationId: operation.operationId,
          method,
          path,
          operation: operation as OpenApiOperation,
        });
      }
    }
  }
  return found;
}
