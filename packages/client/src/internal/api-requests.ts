import type { paths } from "../generated/schema.js";

/*
 * The three requests of the core client, typed by the spec's generated `paths`: the main entry
 * builds them itself rather than through openapi-fetch, whose serializers and middleware would
 * cost more than a third of the bundle. Everything else goes through `@apixo-ts/client/raw`.
 */

type JsonOf<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type SubmitOperation = paths["/api/v1/generateTask/{model}"]["post"];
type StatusOperation = paths["/api/v1/statusTask/{model}"]["get"];
type BalanceOperation = paths["/api/v1/apikeys/current-balance"]["get"];

/** Body of a submit: the spec's generic `generateTask` request (`input` checked per model by the caller's types). */
export type SubmitBody = JsonOf<SubmitOperation["requestBody"]>;
/** Query of a status read. */
export type StatusQuery = StatusOperation["parameters"]["query"];
/** `data` of a submit's success envelope, as the spec promises it (the transport does not check it). */
export type SubmitData = JsonOf<SubmitOperation["responses"][200]>["data"];
/** `data` of a status read's success envelope, as the spec promises it. */
export type StatusData = JsonOf<StatusOperation["responses"][200]>["data"];
/** `data` of a balance read's success envelope (USD), as the spec promises it. */
export type BalanceData = JsonOf<BalanceOperation["responses"][200]>["data"];

/** One request of the core API: its path (with the query) under the base URL, and a JSON body for a POST. */
export interface ApiRequest {
  path: string;
  /** Present only on a submit, which is sent as a POST (and creates a task). */
  body?: SubmitBody;
}

/** Fills the `{model}` parameter of a spec path; typed by `paths`, so a renamed path fails to compile. */
function pathOf(path: keyof paths, model: string): string {
  return path.replace("{model}", encodeURIComponent(model));
}

/** `POST /api/v1/generateTask/{model}`. */
export function submitRequest(model: string, body: SubmitBody): ApiRequest {
  return { path: pathOf("/api/v1/generateTask/{model}", model), body };
}

/** `GET /api/v1/statusTask/{model}?taskId=`. */
export function statusRequest(model: string, query: StatusQuery): ApiRequest {
  return { path: `${pathOf("/api/v1/statusTask/{model}", model)}?${new URLSearchParams(query)}` };
}

/** `GET /api/v1/apikeys/current-balance`. */
export const balanceRequest: ApiRequest = {
  path: "/api/v1/apikeys/current-balance" satisfies keyof paths,
};
