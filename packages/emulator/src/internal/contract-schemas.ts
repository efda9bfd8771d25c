import { Ajv2020, type AnySchema, type ValidateFunction } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { EmulatorError } from "../errors.js";

/** The `$id` under which the bundled contract is registered with ajv. */
const CONTRACT_ID = "https://emulator.apixo.invalid/contract.json";

type Json = Record<string, unknown>;

// ajv-formats is CommonJS with an `exports.default`; which of the two a bundler hands us varies.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as typeof formatsModule.default;

function escapeToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Copies the contract without `discriminator.mapping`, which ajv's discriminator does not support. */
function withoutDiscriminatorMappings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDiscriminatorMappings);
  if (typeof value !== "object" || value === null) return value;
  const copy: Json = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "discriminator" && typeof child === "object" && child !== null) {
      const { mapping: _mapping, ...rest } = child as Json;
      copy[key] = rest;
    } else {
      copy[key] = withoutDiscriminatorMappings(child);
    }
  }
  return copy;
}

/** The contract's JSON Schemas, compiled through one ajv 2020 instance (discriminator, allErrors, formats). */
export class ContractSchemas {
  private readonly ajv: Ajv2020;
  private readonly document: Json;

  constructor(contract: Json, options: { discriminator?: boolean } = {}) {
    this.document = withoutDiscriminatorMappings(contract) as Json;
    this.ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      discriminator: options.discriminator ?? true,
      validateSchema: false,
      verbose: true,
    });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...this.document, $id: CONTRACT_ID } as AnySchema, CONTRACT_ID);
  }

  /**
   * Follows `path` (property names) from the contract's root, jumping through local `$ref`s on the
   * way (a response or request body may itself be a `$ref`), and returns the JSON pointer reached,
   * or `undefined` when the path does not exist.
   */
  pointer(path: readonly string[]): string | undefined {
    let node: unknown = this.document;
    let pointer = "";
    for (const token of path) {
      for (
        let hops = 0;
        typeof node === "object" && node !== null && typeof (node as Json).$ref === "string";
        hops++
      ) {
        const ref = (node as Json).$ref as string;
        if (!ref.startsWith("#") || hops > 32) return undefined;
        pointer = ref.slice(1);
        node = this.at(pointer);
      }
      if (typeof node !== "object" || node === null || !(token in node)) return undefined;
      node = (node as Json)[token];
      pointer += `/${escapeToken(token)}`;
    }
    return pointer;
  }

  /** The raw value at a JSON pointer of the contract. */
  at(pointer: string): unknown {
    let node: unknown = this.document;
    for (const raw of pointer.split("/").slice(1)) {
      const token = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      if (typeof node !== "object" || node === null) return undefined;
      node = (node as Json)[token];
    }
    return node;
  }

  /** Compiles the schema at `pointer` (throws {@link EmulatorError} when ajv cannot). */
  compile(pointer: string): ValidateFunction {
    const ref = `${CONTRACT_ID}#${pointer.split("/").map(encodeURIComponent).join("/")}`;
    try {
      return this.ajv.compile({ $ref: ref });
    } catch (error) {
      throw new EmulatorError(
        "CONTRACT_UNUSABLE",
        `Cannot compile the contract schema at ${pointer}: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}
