import { encodeBase64Url } from "./internal/base64url.js";
import {
  CALLBACK_PARAMS,
  type CallbackSecrets,
  importSecrets,
  signFields,
} from "./internal/signature.js";

/** Default lifetime of a callback URL: 24 hours, covering a long video plus APIXO's retries. */
export const DEFAULT_CALLBACK_TTL_SECONDS = 86_400;

/** Longest accepted `ref`, in characters. */
export const MAX_REF_LENGTH = 512;

/** Options of {@link createCallbackUrl}. */
export interface CreateCallbackUrlOptions {
  /** HMAC secret, or a list for rotation (the first one signs). At least 16 bytes. */
  secret: CallbackSecrets;
  /** Your reference for this task (e.g. a database id), returned by `verifyCallback`. @default 128 random bits, base64url */
  ref?: string;
  /** Seconds until the URL stops being accepted. @default 86400 (24 h) */
  ttlSeconds?: number;
  /**
   * Model id of the task, signed into the URL so the handler can re-read the task's status
   * (`statusTask` needs the model). Pass it whenever you use `createCallbackHandler`.
   */
  model?: string;
  /** Clock in Unix milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * Makes a signed callback URL to pass as `callbackUrl` to `apixo.submit`.
 *
 * The query gains `apixo_ref`, `apixo_exp` (Unix seconds), `apixo_model` (when given) and
 * `apixo_sig`: an HMAC-SHA256 (base64url) over the URL **path**, ref, expiry and model. Signing
 * the path means a URL made for one endpoint is refused by another; the host is not signed, so
 * the same URL verifies behind a proxy or tunnel that changes it. Query parameters already in
 * `baseUrl` are kept as written but are not signed: put anything you must trust in `ref`.
 *
 * @example
 * const callbackUrl = await createCallbackUrl("https://app.example/webhooks/apixo", {
 *   secret: process.env.APIXO_CALLBACK_SECRET!, ref: job.id, model: "nano-banana",
 * });
 * await apixo.submit("nano-banana", input, { callbackUrl });
 */
export async function createCallbackUrl(
  baseUrl: string | URL,
  options: CreateCallbackUrlOptions,
): Promise<string> {
  const url = parseBaseUrl(baseUrl);
  const ref = options.ref ?? randomRef();
  if (typeof ref !== "string" || ref.length === 0 || ref.length > MAX_REF_LENGTH) {
    throw new TypeError(
      `createCallbackUrl: \`ref\` must be a string of 1 to ${MAX_REF_LENGTH} characters`,
    );
  }
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_CALLBACK_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new TypeError("createCallbackUrl: `ttlSeconds` must be a positive integer");
  }
  if (options.model !== undefined && (typeof options.model !== "string" || options.model === "")) {
    throw new TypeError("createCallbackUrl: `model` must be a non-empty string");
  }
  const nowMs = (options.now ?? Date.now)();
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const [key] = await importSecrets(options.secret);
  const fields = { path: url.pathname, ref, expiresAt, model: options.model };
  const signature = await signFields(key as CryptoKey, fields);

  const added = new URLSearchParams();
  added.set(CALLBACK_PARAMS.ref, ref);
  added.set(CALLBACK_PARAMS.expiresAt, String(expiresAt));
  if (options.model !== undefined) added.set(CALLBACK_PARAMS.model, options.model);
  added.set(CALLBACK_PARAMS.signature, signature);
  const existing = url.search.slice(1);
  url.search = existing === "" ? added.toString() : `${existing}&${added.toString()}`;
  return url.toString();
}

function parseBaseUrl(baseUrl: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new TypeError("createCallbackUrl: `baseUrl` must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(
      "createCallbackUrl: `baseUrl` must use https: (or http: for local development)",
    );
  }
  url.hash = ""; // never sent to the server
  const reserved = Object.values(CALLBACK_PARAMS) as string[];
  if ([...url.searchParams.keys()].some((name) => reserved.includes(name))) {
    // Re-serialise only when needed: otherwise the caller's query is kept byte for byte.
    for (const name of reserved) url.searchParams.delete(name);
  }
  return url;
}

function randomRef(): string {
  return encodeBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}
