export { createEmulatorApp } from "./app.js";
export { EmulatorError, type EmulatorErrorCode } from "./errors.js";
export type {
  CallbackOptions,
  EmulatorOptions,
  FaultEndpoint,
  FaultOptions,
  FaultRates,
  QuirkOptions,
  RateLimitOptions,
  StartEmulatorOptions,
} from "./options.js";
export { type RunningEmulator, startEmulator } from "./server.js";
export type { EmulatorEndpoint, EmulatorStats } from "./stats.js";
