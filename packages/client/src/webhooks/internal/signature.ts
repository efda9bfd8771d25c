import { decodeBase64Url, encodeBase64Url } from "./base64url.js";

/** One HMAC secret: a string (UTF-8) or raw bytes, at least {@link MIN_SECRET_BYTES} long. */
export type CallbackSecret = string | Uint8Array;

/** A secret, or several for rotation: the first signs, any of them verifies. */
export type CallbackSecrets = CallbackSecret | readonly CallbackSecret[];

/** Shortest accepted secret: 16 bytes (128 bits), so a guessable password is refused early. */
export const MIN_SECRET_BYTES = 16;

/**
 * Query parameter names the toolkit owns. The `apixo_` prefix keeps them apart from any
 * parameter already in the caller's base URL, which is preserved but never signed.
 */
export const CALLBACK_PARAMS = {
  ref: "apixo_ref",
  expiresAt: "apixo_exp",
  model: "apixo_model",
  signature: "apixo_sig",
} as const;

/** The signed fields of a callback URL. */
export interface SignedFields {
  /** URL path as `URL#pathname` spells it, e.g. `/webhooks/apixo`. */
  path: string;
  ref: string;
  /** Unix seconds. */
  expiresAt: number;
  model?: string | undefined;
}

const VERSION = "apixo-callback-v1";
const encoder = new TextEncoder();

/**
 * The exact bytes that are signed. Each field is percent-encoded before joining, so no field
 * can contain the separator and the mapping from fields to string is injective.
 */
export function canonicalString(fields: SignedFields): string {
  return [
    VERSION,
    encodeURIComponent(fields.path),
    encodeURIComponent(fields.ref),
    String(fields.expiresAt),
    encodeURIComponent(fields.model ?? ""),
  ].join("\n");
}

/** Checks and encodes the secrets, first one first; throws `TypeError` naming the fix. */
export function toSecretBytes(secrets: CallbackSecrets): Uint8Array<ArrayBuffer>[] {
  const list: readonly CallbackSecret[] =
    typeof secrets === "string" || secrets instanceof Uint8Array ? [secrets] : secrets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      "webhooks: `secret` must be a string, a Uint8Array, or a non-empty array of them",
    );
  }
  return list.map((secret, index) => {
    const bytes =
      typeof secret === "string"
        ? encoder.encode(secret)
        : secret instanceof Uint8Array
          ? new Uint8Array(secret)
          : undefined;
    if (bytes === undefined || bytes.byteLength < MIN_SECRET_BYTES) {
      throw new TypeError(
        `webhooks: secret #${index} must be a string or Uint8Array of at least ${MIN_SECRET_BYTES} bytes; ` +
          "generate one with `crypto.getRandomValues(new Uint8Array(32))` and keep it in an environment variable",
      );
    }
    return bytes;
  });
}

/** Imports the secrets as HMAC-SHA256 keys, first one first; rejects with `TypeError` on bad input. */
export async function importSecrets(secrets: CallbackSecrets): Promise<CryptoKey[]> {
  return importKeys(toSecretBytes(secrets));
}

/** Imports already checked secret bytes as HMAC-SHA256 keys. */
export function importKeys(secrets: readonly Uint8Array<ArrayBuffer>[]): Promise<CryptoKey[]> {
  return Promise.all(
    secrets.map((bytes) =>
      globalThis.crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [
        "sign",
        "verify",
      ]),
    ),
  );
}

/** Signs the fields with one key; returns the base64url HMAC-SHA256. */
export async function signFields(key: CryptoKey, fields: SignedFields): Promise<string> {
  const mac = await globalThis.crypto.subtle.sign(
    "HMAC",
    key,
    encoder.encode(canonicalString(fields)),
  );
  return encodeBase64Url(new Uint8Array(mac));
}

/**
 * True when `signature` is a valid HMAC of the fields under any key. Comparison happens inside
 * `crypto.subtle.verify`, which is constant-time over the MAC; a signature that is not canonical
 * base64url or not 32 bytes long is rejected before any key is tried.
 */
export async function verifyFields(
  keys: readonly CryptoKey[],
  fields: SignedFields,
  signature: string,
): Promise<boolean> {
  const decoded = decodeBase64Url(signature);
  if (decoded === undefined || decoded.byteLength !== 32) return false;
  const mac = new Uint8Array(decoded);
  const data = encoder.encode(canonicalString(fields));
  let valid = false;
  // Try every key even after a match, so timing does not reveal which key signed.
  for (const key of keys) {
    if (await globalThis.crypto.subtle.verify("HMAC", key, mac, data)) valid = true;
  }
  return valid;
}
