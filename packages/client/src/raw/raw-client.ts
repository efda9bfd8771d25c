import openapiFetch, { type Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { type ApixoOptions, authHeaders, resolveOptions } from "../options.js";

// openapi-fetch's default export is its `createClient`. Our CommonJS build requires its CommonJS
// file with Node's interop, where the default import is the whole `exports` object, whose own
// `default` is the function; ESM and bundlers hand the function over directly.
const createClient: typeof openapiFetch =
  typeof openapiFetch === "function"
    ? openapiFetch
    : (openapiFetch as unknown as { default: typeof openapiFetch }).default;

/** The typed openapi-fetch client of the whole APIXO spec. */
export type RawClient = Client<paths>;

/**
 * Creates a typed openapi-fetch client for any operation of the spec, from the same options
 * as `createApixo`, resolved the same way (explicit > env > default): `apiKey` is sent as
 * `Authorization: Bearer`, `baseUrl` must be `https://` (or `http://` to a loopback host), and
 * `fetch` is used for every request. It is a plain openapi-fetch client: no retries, timeouts,
 * typed errors or logs (`maxRetries`, `timeoutMs`, `logger` and `clock` do not apply); calls
 * resolve with openapi-fetch's `{ data, error, response }`.
 * @example
 * const raw = createRawClient(); // reads APIXO_API_KEY
 * const { data, error } = await raw.GET("/api/v1/statusTask/{model}", {
 *   params: { path: { model: "nano-banana" }, query: { taskId } },
 * });
 */
export function createRawClient(options?: ApixoOptions): RawClient {
  const { apiKey, baseUrl, fetch } = resolveOptions(options);
  return createClient<paths>({ baseUrl, fetch, headers: authHeaders(apiKey) });
}
