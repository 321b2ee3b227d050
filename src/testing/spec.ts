/**
 * The bundled OpenAPI document, read as a table of routes: which operation a method and path name, and
 * the parameters it declares. The emulator serves exactly the operations this document has.
 */
import { createRequire } from "node:module";
import type { OpenApiDocument } from "../validation/spec-validator.js";

export interface DeclaredParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: unknown;
}

export interface Route {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. `/customers/{customerId}/orders/{orderId}`. */
  template: string;
  parameters: DeclaredParameter[];
  match(path: string): Record<string, string> | undefined;
}

export interface RouteMatch {
  route: Route;
  pathParams: Record<string, string>;
}

/** generated/openapi.json; two levels up from both src/testing and dist/testing is the package root. */
export function loadBundledSpec(): OpenApiDocument {
  return createRequire(import.meta.url)("../../generated/openapi.json") as OpenApiDocument;
}

const METHODS = ["get", "put", "post", "delete", "patch"];

export function routesOf(spec: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    if (item === undefined) continue;
    const shared = asParameters(spec, item.parameters);
    for (const method of METHODS) {
      const operation = item[method] as { operationId?: string; parameters?: unknown } | undefined;
      if (operation?.operationId === undefined) continue;
      const own = asParameters(spec, operation.parameters);
      const byKey = new Map<string, DeclaredParameter>();
      for (const parameter of [...shared, ...own]) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      routes.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        template,
        parameters: [...byKey.values()],
        match: matcherFor(template),
      });
    }
  }
  return routes;
}

/** The route for a request; `methodNotAllowed` when the path exists under other methods only. */
export function findRoute(
  routes: Route[],
  method: string,
  path: string,
): RouteMatch | "methodNotAllowed" | undefined {
  let pathExists = false;
  for (const route of routes) {
    const pathParams = route.match(path);
    if (pathParams === undefined) continue;
    if (route.method === method) return { route, pathParams };
    pathExists = true;
  }
  return pathExists ? "methodNotAllowed" : undefined;
}

function matcherFor(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("/");
  const pattern = new RegExp(`^${source}/?$`, "i");
  return (path) => {
    const found = pattern.exec(path);
    if (found === null) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = safeDecode(found[index + 1] ?? "");
    });
    return params;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function asParameters(spec: OpenApiDocument, list: unknown): DeclaredParameter[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => resolveLocal(spec, entry) as DeclaredParameter);
}

/** Follows a local `$ref` (parameters, schemas) to what it names. */
export function resolveLocal(spec: OpenApiDocument, value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null || !("$ref" in value)) return value;
  const ref = (value as { $ref: unknown }).$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/") || depth > 16) return value;
  let target: unknown = spec;
  for (const segment of ref.slice(2).split("/")) {
    target = (target as Record<string, unknown> | undefined)?.[
      segment.replaceAll("~1", "/").replaceAll("~0", "~")
    ];
  }
  return resolveLocal(spec, target, depth + 1);
}
