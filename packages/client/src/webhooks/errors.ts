import { ApixoError, type ApixoErrorOptions } from "../errors.js";

/** Why a callback URL was refused; stable, safe to branch on and to log. */
export type InvalidCallbackCode = "missing_signature" | "bad_signature" | "expired" | "malformed";

/**
 * A callback URL that this toolkit did not sign, was altered, or has expired.
 * Answer it with 401 and do nothing else: the request may be forged.
 */
export class InvalidCallbackError extends ApixoError {
  static override readonly errorName: string = "InvalidCallbackError";
  /** Stable reason code. */
  readonly code: InvalidCallbackCode;

  // (message, options) like every ApixoError, so `InvalidCallbackError.isInstance` type-checks.
  constructor(message: string, options: ApixoErrorOptions & { code: InvalidCallbackCode }) {
    super(message, options);
    this.code = options.code;
  }
}

/** Why a callback body was refused or not confirmed. */
export type CallbackPayloadCode = "invalid_json" | "invalid_envelope" | "too_large" | "unconfirmed";

/**
 * A callback body that is not the statusTask envelope APIXO sends (not JSON, no `data.taskId`,
 * too large), or whose terminal state a fresh status read did not confirm (`unconfirmed`).
 */
export class CallbackPayloadError extends ApixoError {
  static override readonly errorName: string = "CallbackPayloadError";
  /** Stable reason code. */
  readonly code: CallbackPayloadCode;

  constructor(message: string, options: ApixoErrorOptions & { code: CallbackPayloadCode }) {
    super(message, options);
    this.code = options.code;
  }
}
