export { ExitCode, type ExitCodeValue } from "./internal/exit-codes.js";
export type { CliInput, CliIo, CliOutput } from "./io.js";
export { nodeIo } from "./io.js";
export { cliVersion, main } from "./main.js";
