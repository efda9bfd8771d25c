export type { paths } from "../generated/schema.js";
export type { ApixoOptions } from "../options.js";
export { createRawClient, type RawClient } from "./raw-client.js";
