const MARKER = Symbol.for("apixo.error");

/** Options accepted by every error constructor. */
export interface ApixoErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** True when a failed submit may still have created (and billed) the task. */
  taskMayExist?: boolean;
}

/**
 * Base class of every error thrown by `@apixo-ts/client`.
 *
 * Use `ApixoError.isInstance(error)` (or `RateLimitError.isInstance(error)`, ...) rather than
 * `instanceof`: the check relies on a `Symbol.for` marker, so it still works when two copies of
 * the package are installed.
 */
export class ApixoError extends Error {
  /** Stable name of this error class, also used as `name`. */
  static readonly errorName: string = "ApixoError";
  /** True when a failed submit may still have created (and billed) the task: do not resubmit blindly. */
  declare readonly taskMayExist: boolean;
  declare readonly [MARKER]: readonly string[];

  constructor(message: string, options: ApixoErrorOptions = {}) {
    super(message, options);
    // Every class of the chain, so `isInstance` works across copies of the package.
    const names: string[] = [];
    for (let c = new.target as typeof ApixoError; c.errorName; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, "errorName")) names.push(c.errorName);
    }
    Object.assign(this, {
      name: names[0],
      taskMayExist: options.taskMayExist === true,
      [MARKER]: names,
    });
  }

  /** True when `error` is an instance of this class, even if it came from another copy of the package. */
  static isInstance<T>(
    this: { readonly errorName: string; prototype: T },
    error: unknown,
  ): error is T {
    const names = (error as { [MARKER]?: unknown } | null)?.[MARKER];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    return Array.isArray(names) && names.includes(this.errorName);
  }
}

/** Fields of an HTTP error answered by the APIXO API. */
export interface ApiErrorFields extends ApixoErrorOptions {
  /** HTTP status of the response. */
  status: number;
  /** The envelope's `code` (repeats the HTTP status, or carries the error when HTTP said 200). */
  code?: number;
  /** The response body (parsed JSON when possible), with the API key redacted. */
  body?: unknown;
  /** The response headers. */
  headers?: Headers;
}

/** The APIXO API answered with an error (HTTP status, or an envelope `code` other than 200). */
export class ApiError extends ApixoError {
  static override readonly errorName: string = "ApiError";
  /** HTTP status of the response. */
  declare readonly status: number;
  /** The envelope's `code`, if the body had one. */
  declare readonly code: number | undefined;
  /** The response body (parsed JSON when possible), API key redacted. */
  declare readonly body: unknown;
  /** The response headers. */
  declare readonly headers: Headers;

  constructor(message: string, fields: ApiErrorFields) {
    super(message, fields);
    const { status, code, body, headers = new Headers() } = fields;
    Object.assign(this, { status, code, body, headers });
  }
}

/** 400: the request (usually the model input) is invalid. */
export class BadRequestError extends ApiError {
  static override readonly errorName: string = "BadRequestError";
}
/** 401: the API key is missing or invalid. */
export class AuthenticationError extends ApiError {
  static override readonly errorName: string = "AuthenticationError";
}
/** 402: the key's balance cannot pay for the task. */
export class InsufficientBalanceError extends ApiError {
  static override readonly errorName: string = "InsufficientBalanceError";
}
/** 403: the key lacks permission, or the content was refused by policy. */
export class PermissionDeniedError extends ApiError {
  static override readonly errorName: string = "PermissionDeniedError";
}
/** 404: unknown model or task. */
export class NotFoundError extends ApiError {
  static override readonly errorName: string = "NotFoundError";
}
/** 429: too many requests. */
export class RateLimitError extends ApiError {
  static override readonly errorName: string = "RateLimitError";
}
/** 5xx: the API failed. */
export class ServerError extends ApiError {
  static override readonly errorName: string = "ServerError";
}
/** 503: the model or the service is temporarily unavailable. */
export class ServiceUnavailableError extends ServerError {
  static override readonly errorName: string = "ServiceUnavailableError";
}

/** The request never got an HTTP answer (DNS failure, refused or reset connection, ...). */
export class ConnectionError extends ApixoError {
  static override readonly errorName: string = "ConnectionError";
}

/** One HTTP request took longer than `timeoutMs`. */
export class RequestTimeoutError extends ApixoError {
  static override readonly errorName: string = "RequestTimeoutError";
}

/** The caller's `AbortSignal` stopped the operation. */
export class AbortError extends ApixoError {
  static override readonly errorName: string = "AbortError";
}
