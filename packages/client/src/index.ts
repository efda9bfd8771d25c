export {
  BatchCallbackError,
  type BatchClient,
  type BatchItem,
  type BatchItemOf,
  type BatchOptions,
  type BatchOutcome,
  type BatchProgress,
  type BatchWaitOptions,
  batch,
} from "./batch.js";
export { type Apixo, createApixo, type StatusOptions, type SubmitOptions } from "./client.js";
export { type Clock, scaledClock, systemClock } from "./clock.js";
export {
  AbortError,
  ApiError,
  type ApiErrorFields,
  ApixoError,
  type ApixoErrorOptions,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InsufficientBalanceError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ServiceUnavailableError,
} from "./errors.js";
export { type FailCategory, failCategory } from "./fail-category.js";
export type { Logger, LogLevel } from "./logger.js";
export type { AnyModelId, ModelId, ModelInput, Provider } from "./model-types.js";
export { type ApixoOptions, DEFAULTS } from "./options.js";
export { type PollingProfile, type PollOverrides, pollingProfile } from "./polling-policy.js";
export { isTerminal, type Task, type TaskHandle, type TaskState } from "./task.js";
export {
  ResultParseError,
  TaskFailedError,
  type TaskFailedFields,
  WaitTimeoutError,
} from "./task-errors.js";
export type { CallbackSource, WaitOptions, WaitProgress } from "./wait.js";
