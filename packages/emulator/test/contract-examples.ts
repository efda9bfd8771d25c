import { contract, type ModelInfo } from "@apixo-ts/openapi";

type Json = Record<string, unknown>;

function resolve(node: unknown): unknown {
  let current = node;
  for (
    let hops = 0;
    hops < 16 && typeof current === "object" && current !== null && "$ref" in current;
    hops++
  ) {
    const ref = String((current as Json).$ref);
    current = ref
      .slice(2)
      .split("/")
      .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((value, token) => (value as Json | undefined)?.[token], contract);
  }
  return current;
}

/** The request body examples the contract documents for a model's submit path. */
export function submitExamples(model: ModelInfo): Json[] {
  const operation = resolve((resolve((contract.paths as Json)[model.path]) as Json).post) as Json;
  const requestBody = resolve(operation.requestBody) as Json;
  const media = (requestBody.content as Json)["application/json"] as Json;
  const examples = Object.values((media.examples as Json | undefined) ?? {}).map(
    (example) => (resolve(example) as Json).value as Json,
  );
  if (media.example) examples.push(media.example as Json);
  return examples;
}
