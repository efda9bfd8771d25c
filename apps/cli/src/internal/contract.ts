import type { ModelInfo } from "@apixo-ts/openapi";

export type { ModelInfo };

/** The contract's model table, loaded on first use (it is the largest module the CLI reads). */
export async function loadModels(): Promise<readonly ModelInfo[]> {
  const contract = await import("@apixo-ts/openapi");
  return contract.models;
}

/** The contract's entry for a model id, or `undefined` for a model the contract does not know. */
export async function findModel(id: string): Promise<ModelInfo | undefined> {
  return (await loadModels()).find((model) => model.id === id);
}

/** The `provider` values the contract allows (`components.schemas.Provider.enum`). */
export async function providerValues(): Promise<string[]> {
  const { contract } = await import("@apixo-ts/openapi");
  const components = contract.components as
    | { schemas?: Record<string, { enum?: unknown[] }> }
    | undefined;
  const values = components?.schemas?.Provider?.enum ?? [];
  return values.filter((value): value is string => typeof value === "string");
}
