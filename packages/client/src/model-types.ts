import type { paths } from "./generated/schema.js";

type GeneratePath = Extract<keyof paths, `/api/v1/generateTask/${string}`>;
type IdOf<P> = P extends `/api/v1/generateTask/${infer Id}`
  ? Id extends `{${string}}`
    ? never
    : Id
  : never;

/** Ids of the models the spec describes (each has its own typed path). */
export type ModelId = IdOf<GeneratePath>;

/** A model id: a known one (autocompleted) or any other string. */
export type AnyModelId = ModelId | (string & {});

type JsonBody<Operation> = Operation extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

// openapi-typescript keeps a schema's `$defs` as if it were a property: drop it.
type WithoutDefs<T> = T extends unknown ? ("$defs" extends keyof T ? Omit<T, "$defs"> : T) : never;

/**
 * The `input` type of a model: the spec's schema (a union discriminated by `mode` where the model
 * has modes) for known ids, a loose record for any other id.
 */
export type ModelInput<M extends string> = M extends ModelId
  ? JsonBody<paths[`/api/v1/generateTask/${M}`]["post"]> extends { input: infer Input }
    ? WithoutDefs<Input>
    : Record<string, unknown>
  : Record<string, unknown>;

/** `provider` values of a submit: routing strategy (some models accept only `official`). */
export type Provider = "auto" | "value" | "official";
