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

function compileBody(schemas: ContractSchemas, path: string): ValidateFunction {
  const pointer = schemas.pointer(bodySchemaPath(path));
  if (!pointer) {
    throw new EmulatorError(
      "CONTRACT_UNUSABLE",
      `The contract has no JSON request body for POST ${path}.`,
    );
  }
  return schemas.compile(pointer);
}

/**
 * Compiles the submit body schema of every model's own path (falling back to the generic path
 * when a model has none) and returns a validator keyed by model id.
 */
export function createRequestValidator(
  schemas: ContractSchemas,
  models: readonly ModelInfo[],
): RequestValidator {
  const byModel = new Map<string, ValidateFunction>();
  let generic: ValidateFunction | undefined;
  for (const model of models) {
    if (schemas.pointer(bodySchemaPath(model.path)))
      byModel.set(model.id, compileBody(schemas, model.path));
    else {
      generic ??= compileBody(schemas, GENERIC_SUBMIT_PATH);
      byModel.set(model.id, generic);
    }
  }
  return {
    validateSubmit(model, body) {
      const validate = byModel.get(model.id);
      if (!validate) return undefined;
      if (validate(body)) return undefined;
      return validationMessage(validate.errors ?? [], (tag) =>
        tag === "mode" && model.modes.length > 0 ? model.modes : undefined,
      );
    },
  };
}
