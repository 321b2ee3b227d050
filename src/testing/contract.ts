/**
 * The emulator's conscience: every request it accepts and every answer it gives is checked against the
 * bundled OpenAPI document with strict Ajv (the package's own validator for bodies, and an Ajv instance
 * here for parameters, which the body validator does not cover). An answer that does not match is a
 * fault of the emulator, never something to send.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import {
  createSpecValidator,
  type OpenApiDocument,
  type SpecValidator,
} from "../validation/spec-validator.js";
import { type DeclaredParameter, type Route, resolveLocal } from "./spec.js";

export interface ParameterValues {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
}

export interface CheckedParameters {
  values: ParameterValues;
  errors: string[];
}

export interface ResponseToCheck {
  status: number;
  headers: Record<string, string>;
  contentType: string | undefined;
  /** Parsed JSON, or the bytes of a file. */
  body: unknown;
}

export interface Contract {
  checkParameters(
    route: Route,
    pathParams: Record<string, string>,
    query: URLSearchParams,
    headers: Record<string, string | string[] | undefined>,
  ): CheckedParameters;
  checkRequestBody(operationId: string, body: unknown, contentType: string | undefined): string[];
  checkResponse(operationId: string, response: ResponseToCheck): string[];
}

/** Keywords of the document's parameter schemas that are annotations Ajv does not know. */
const DROPPED_KEYWORDS = new Set(["example", "xml", "externalDocs", "discriminator"]);

export function createContract(spec: OpenApiDocument): Contract {
  const bodies: SpecValidator = createSpecValidator(spec);
  // Query strings and headers are text: coerce "true" and "7" the way a server reads them.
  const ajv = new Ajv2020({ strict: true, allErrors: true, coerceTypes: true });
  addFormats.default(ajv);
  const compiled = new Map<DeclaredParameter, ValidateFunction>();

  function validatorFor(parameter: DeclaredParameter): ValidateFunction {
    let validate = compiled.get(parameter);
    if (validate === undefined) {
      validate = ajv.compile({
        type: "object",
        properties: { value: inlineSchema(spec, parameter.schema) as object },
      });
      compiled.set(parameter, validate);
    }
    return validate;
  }

  return {
    checkParameters(route, pathParams, query, headers) {
      const values: ParameterValues = { path: {}, query: {}, header: {} };
      const errors: string[] = [];
      for (const parameter of route.parameters) {
        if (parameter.in === "cookie") continue;
        const raw = rawValue(parameter, pathParams, query, headers);
        if (raw === undefined) {
          if (parameter.required) errors.push(`${parameter.in} parameter ${parameter.name} is required`);
          continue;
        }
        const holder = { value: raw };
        const validate = validatorFor(parameter);
        if (!validate(holder)) {
          for (const error of validate.errors ?? []) {
            errors.push(`${parameter.in} parameter ${parameter.name} ${error.message ?? "is invalid"}`);
          }
          continue;
        }
        values[parameter.in][parameter.name] = holder.value;
      }
      return { values, errors };
    },

    checkRequestBody(operationId, body, contentType) {
      return bodies.validateRequestBody(operationId, body, contentType).errors;
    },

    checkResponse(operationId, response) {
      const errors = [
        ...bodies.validateResponse(operationId, response.status, response.body, response.contentType).errors,
      ];
      for (const name of requiredResponseHeaders(spec, bodies, operationId, response.status)) {
        const present = Object.keys(response.headers).some((key) => key.toLowerCase() === name.toLowerCase());
        if (!present) errors.push(`header ${name} is required for ${response.status}`);
      }
      return errors;
    },
  };
}

function rawValue(
  parameter: DeclaredParameter,
  pathParams: Record<string, string>,
  query: URLSearchParams,
  headers: Record<string, string | string[] | undefined>,
): unknown {
  if (parameter.in === "path") return pathParams[parameter.name];
  if (parameter.in === "query") return query.get(parameter.name) ?? undefined;
  const value = headers[parameter.name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The parameter's schema with component references inlined and annotations Ajv refuses removed. */
function inlineSchema(spec: OpenApiDocument, schema: unknown, depth = 0): unknown {
  if (depth > 32) throw new RangeError("parameter schema nests too deeply");
  const resolved = resolveLocal(spec, schema);
  if (Array.isArray(resolved)) return resolved.map((item) => inlineSchema(spec, item, depth + 1));
  if (typeof resolved !== "object" || resolved === null) return resolved;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolved)) {
    if (DROPPED_KEYWORDS.has(key) || key.startsWith("x-")) continue;
    copy[key] =
      key === "examples" || key === "enum" || key === "const" ? value : inlineSchema(spec, value, depth + 1);
  }
  return copy;
}

function requiredResponseHeaders(
  spec: OpenApiDocument,
  bodies: SpecValidator,
  operationId: string,
  status: number,
): string[] {
  const key = bodies.responseKeyFor(operationId, status);
  if (key === undefined) return [];
  const located = bodies.operations().find((op) => op.operationId === operationId);
  const response = resolveLocal(spec, located?.operation.responses?.[key]) as
    | { headers?: Record<string, unknown> }
    | undefined;
  return Object.entries(response?.headers ?? {})
    .filter(
      ([, header]) => (resolveLocal(spec, header) as { required?: boolean } | undefined)?.required === true,
    )
    .map(([name]) => name);
}
