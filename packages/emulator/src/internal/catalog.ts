import { contract, getModel, type ModelInfo } from "@apixo-ts/openapi";
import { EmulatorError } from "../errors.js";

/** The contract's grouping of known fail codes (`x-apixo-fail-codes`). */
interface FailCodeTable {
  default?: string;
  categories?: Record<string, { description?: string }>;
  codes?: Record<string, string>;
}

function failCodeTable(): FailCodeTable {
  const table = (contract as { "x-apixo-fail-codes"?: FailCodeTable })["x-apixo-fail-codes"];
  return table ?? {};
}

/** How callbacks are delivered, from the `taskCallback` webhook's `x-apixo-callback`. */
export interface CallbackPolicy {
  /** How long the receiver has to answer 200, in ms. */
  timeoutMs: number;
  /** Delays before each retry, in ms. */
  retryDelaysMs: readonly number[];
}

function unusable(what: string): EmulatorError {
  return new EmulatorError(
    "CONTRACT_UNUSABLE",
    `The contract lacks ${what}; rebuild @apixo-ts/openapi.`,
  );
}

function callbackPolicy(): CallbackPolicy {
  const webhooks = (contract as { webhooks?: Record<string, { post?: Record<string, unknown> }> })
    .webhooks;
  const policy = webhooks?.taskCallback?.post?.["x-apixo-callback"] as
    | Partial<CallbackPolicy>
    | undefined;
  const { timeoutMs, retryDelaysMs } = policy ?? {};
  if (typeof timeoutMs !== "number" || !Array.isArray(retryDelaysMs)) {
    throw unusable("webhooks.taskCallback.post.x-apixo-callback { timeoutMs, retryDelaysMs }");
  }
  return { timeoutMs, retryDelaysMs };
}

function resultTtlMs(): number {
  const hours = (contract as { "x-apixo-result-ttl-hours"?: unknown })["x-apixo-result-ttl-hours"];
  if (typeof hours !== "number") throw unusable("the root x-apixo-result-ttl-hours");
  return hours * 3600_000;
}

/** Model data, fail codes and delivery rules, read from `@apixo-ts/openapi` (never copied by hand). */
export interface Catalog {
  /** The model with this id, or `undefined` for an unknown id. */
  model(id: string): ModelInfo | undefined;
  /** Every known `failCode`, for random task failures. */
  readonly failCodes: readonly string[];
  /** A realistic `failMsg` for a code, from its category's description in the contract. */
  failMessage(failCode: string): string;
  /** Callback timeout and retry schedule (before time scaling). */
  readonly callbackPolicy: CallbackPolicy;
  /** How long result files live after completion (before time scaling), in ms. */
  readonly resultTtlMs: number;
}

/** Builds the catalog from the bundled contract. */
export function createCatalog(): Catalog {
  const table = failCodeTable();
  const codes = table.codes ?? {};
  const failCodes = Object.keys(codes);
  return {
    callbackPolicy: callbackPolicy(),
    resultTtlMs: resultTtlMs(),
    model: (id) => getModel(id),
    failCodes: failCodes.length > 0 ? failCodes : ["GENERATION_FAILED"],
    failMessage(failCode) {
      const category = codes[failCode] ?? table.default ?? "unknown";
      const description = table.categories?.[category]?.description?.trim().split("\n")[0];
      return description ? `${failCode}: ${description}` : `Task failed with ${failCode}.`;
    },
  };
}

/** How many outputs a task of `model` with `input` produces (`outputs.countField` wins). */
export function outputCount(model: ModelInfo, input: Record<string, unknown>): number {
  const field = model.outputs.countField;
  const requested = field ? input[field] : undefined;
  if (typeof requested === "number" && Number.isInteger(requested) && requested > 0)
    return requested;
  return model.outputs.count;
}

/** What a task costs, in micro-USD (integers keep the balance free of float drift). */
export function priceMicroUsd(model: ModelInfo, count: number): number {
  const unit = Math.round(model.price.usd * 1e6);
  return model.price.per === "output" ? unit * count : unit;
}
