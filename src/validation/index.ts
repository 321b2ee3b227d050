/**
 * partner-center-orders/validation: checks every successful response body against the bundled
 * OpenAPI description (generated/openapi.json) with ajv. A separate entry point so the core keeps
 * openapi-fetch as its only dependency; using this one needs the optional peers ajv and ajv-formats.
 */
import { createRequire } from "node:module";
import { PartnerCenterClient, type PartnerCenterClientOptions } from "../client.js";
import type { ResponseValidator } from "../operation.js";
import type { PartnerCenterLogger } from "../pipeline/pipeline.js";
import { createSpecValidator, type OpenApiDocument, type SpecValidator } from "./spec-validator.js";

export interface ResponseValidationOptions {
  /** "throw" (default): an invalid body throws PartnerCenterError RESPONSE_VALIDATION_ERROR. "warn": log and go on. */
  onInvalidResponse?: "throw" | "warn";
  /** Where "warn" reports go (its `warn` method). Default console. */
  logger?: PartnerCenterLogger;
}

let bundled: SpecValidator | undefined;

/** The OpenAPI document shipped with the package. */
export function loadBundledSpec(): OpenApiDocument {
  // Two levels up from both src/validation and dist/validation: the package root.
  return createRequire(import.meta.url)("../../generated/openapi.json") as OpenApiDocument;
}

/** A validator over the bundled document, for PartnerCenterClientOptions.responseValidator. */
export function createResponseValidator(options: ResponseValidationOptions = {}): ResponseValidator {
  bundled ??= createSpecValidator(loadBundledSpec());
  const validator = bundled;
  const logger = options.logger ?? console;
  return {
    validateResponse(operationId, status, body) {
      const verdict = validator.validateResponse(operationId, status, body);
      if (verdict.valid || options.onInvalidResponse !== "warn") return verdict;
      logger.warn?.(`${operationId} answered ${status} with a body that does not match the API description`, {
        errors: verdict.errors,
      });
      return { valid: true, errors: verdict.errors };
    },
  };
}

export interface ValidatingClientOptions extends PartnerCenterClientOptions, ResponseValidationOptions {
  /** Default true. */
  validateResponses?: boolean;
}

/** PartnerCenterClient that validates responses (unless `validateResponses: false`). */
export class ValidatingPartnerCenterClient extends PartnerCenterClient {
  constructor(options: ValidatingClientOptions) {
    const { validateResponses = true, onInvalidResponse, ...clientOptions } = options;
    super({
      ...clientOptions,
      responseValidator: validateResponses
        ? createResponseValidator({ onInvalidResponse, logger: clientOptions.logger })
        : clientOptions.responseValidator,
    });
  }
}

export type { ResponseValidator } from "../operation.js";
export { createSpecValidator, type SpecValidator } from "./spec-validator.js";
