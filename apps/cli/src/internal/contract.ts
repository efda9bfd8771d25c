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
