import type { ModelInfo } from "@apixo-ts/openapi";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { EmulatorError } from "../errors.js";
import type { ContractSchemas } from "./contract-schemas.js";
import { validationMessage } from "./validation-message.js";

/** The generic submit path of the contract (any model id, free-form `input`). */
export const GENERIC_SUBMIT_PATH = "/api/v1/generateTask/{model}";

/** Validates submit bodies against the contract's request schemas, compiled once at startup. */
export interface RequestValidator {
  /** `undefined` when `body` is a valid submit for `model`, else a 400 message naming the field(s). */
  validateSubmit(model: ModelInfo, body: unknown): string | undefined;
}

function bodySchemaPath(path: string): string[] {
  return ["paths", path, "post", "requestBody", "content", "application/json", "schema"];
}

function compileBody(
  schemas: ContractSchemas,
  lenient: ContractSchemas | undefined,
  path: string,
): ValidateFunction {
  const pointer = schemas.pointer(bodySchemaPath(path));
  if (!pointer) {
    throw new EmulatorError(
      "CONTRACT_UNUSABLE",
      `The contract has no JSON request body for POST ${path}.`,
    );
  }
  try {
    return schemas.compile(pointer);
  } catch (error) {
    // ajv's discriminator refuses some valid shapes (e.g. the tag defined inside an allOf): fall
    // back to plain oneOf, which validates the same, with less precise messages.
    if (!lenient || !String(error).includes("discriminator")) throw error;
    return lenient.compile(pointer);
  }
}

/**
 * Validates submit bodies with the body schema of each model's own path (or the generic path
 * when a model has none). Each schema is compiled on the first submit for its model and kept:
 * compiling all 19 up front would add about two seconds to every emulator's start.
 */
export function createRequestValidator(
  schemas: ContractSchemas,
  models: readonly ModelInfo[],
  lenient?: ContractSchemas,
): RequestValidator {
  const byModel = new Map<string, ValidateFunction>();
  const known = new Set(models.map((model) => model.id));
  let generic: ValidateFunction | undefined;
  const compileFor = (model: ModelInfo): ValidateFunction => {
    let validate = byModel.get(model.id);
    if (validate) return validate;
    if (schemas.pointer(bodySchemaPath(model.path)))
      validate = compileBody(schemas, lenient, model.path);
    else {
      generic ??= compileBody(schemas, lenient, GENERIC_SUBMIT_PATH);
      validate = generic;
    }
    byModel.set(model.id, validate);
    return validate;
  };
  return {
    validateSubmit(model, body) {
      if (!known.has(model.id)) return undefined;
      const validate = compileFor(model);
      if (validate(body)) return undefined;
      return validationMessage(validate.errors ?? [], (tag) =>
        tag === "mode" && model.modes.length > 0 ? model.modes : undefined,
      );
    },
  };
}
