export {
  type CallbackContext,
  type CallbackHandler,
  type CallbackHandlerOptions,
  createCallbackHandler,
  DEFAULT_MAX_BODY_BYTES,
  type WaitUntil,
} from "./callback-handler.js";
export {
  type CallbackReceiver,
  createCallbackReceiver,
  DEFAULT_RECEIVER_BUFFER,
} from "./callback-receiver.js";
export {
  type CallbackStore,
  type ClaimCallbackStore,
  createMemoryCallbackStore,
  DEFAULT_STORE_SIZE,
  type SetCallbackStore,
} from "./callback-store.js";
export {
  type CreateCallbackUrlOptions,
  createCallbackUrl,
  DEFAULT_CALLBACK_TTL_SECONDS,
  MAX_REF_LENGTH,
} from "./callback-url.js";
export {
  type CallbackPayloadCode,
  CallbackPayloadError,
  type InvalidCallbackCode,
  InvalidCallbackError,
} from "./errors.js";
export { type HonoContextLike, toHonoHandler } from "./hono-adapter.js";
export type { CallbackSecret, CallbackSecrets } from "./internal/signature.js";
export {
  type NodeHandlerOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  toNodeHandler,
} from "./node-adapter.js";
export { type CallbackBody, type ParseCallbackOptions, parseCallback } from "./parse-callback.js";
export {
  type CallbackUrlInput,
  type VerifiedCallback,
  type VerifyCallbackOptions,
  verifyCallback,
} from "./verify-callback.js";
