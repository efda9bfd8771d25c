import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  InsufficientBalanceError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
} from "../errors.js";

/** Appended to errors of a submit that may have reached the server. */
export const MAY_EXIST_HINT =
  " The task may exist and be billed, so it was not resent: check apixo.balance() before resubmitting.";

const CLASSES: Record<number, [typeof ApiError, string]> = {
  200: [ApiError, "The answer was not APIXO's JSON envelope (cut off, or not from the API?)."],
  400: [BadRequestError, "Fix the input."],
  401: [AuthenticationError, "Check apiKey or APIXO_API_KEY."],
  402: [InsufficientBalanceError, "Top up your balance."],
  403: [PermissionDeniedError, "Check the key's rights and the content."],
  404: [NotFoundError, "Check the model id and taskId."],
  429: [RateLimitError, "Slow down or raise maxRetries."],
  503: [ServiceUnavailableError, "Retry later."],
};

/** What the transport knows about an error answer. */
export interface ErrorAnswer {
  /** HTTP status, or the envelope code when HTTP said 200. */
  status: number;
  code: number | undefined;
  /** The body, already redacted. */
  body: unknown;
  headers: Headers;
  taskMayExist: boolean;
}

/** Builds the {@link ApiError} subclass for a status, with a message that says what to do next. */
export function createApiError(answer: ErrorAnswer): ApiError {
  const { status, body } = answer;
  const envelope = body as { message?: unknown; data?: { error?: unknown } } | undefined;
  const detail =
    [envelope?.message, envelope?.data?.error]
      .filter((part) => typeof part === "string")
      .join(": ") || (typeof body === "string" ? body.slice(0, 200) : "");
  // Older API docs answer an insufficient balance with 400 "Insufficient credits".
  const key = status === 400 && /insufficient/i.test(detail) ? 402 : status;
  const [ErrorClass, hint] =
    CLASSES[key] ?? (status < 500 ? [ApiError, ""] : [ServerError, "Retry later."]);
  const message = `APIXO answered ${status}${detail && ` (${detail})`}. ${hint}`;
  return new ErrorClass(message + (answer.taskMayExist ? MAY_EXIST_HINT : ""), answer);
}
